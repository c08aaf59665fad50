package io.tandem.host.admin.api;

import io.tandem.host.messages.ConversationTail;
import io.tandem.host.messages.FailedMessages;
import io.tandem.host.session.SessionRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /admin/v1/messages}: {@code GET /messages/failed?session} lists failed inbound rows and
 * failed deliveries with their errors; {@code POST /messages/{id}/retry} retries one, in whichever
 * session holds it (a failed inbound row becomes pending with its tries reset; a failed delivery
 * gets another round); {@code GET /messages/tail} is the conversation as it flows
 * ({@link TailApi}).
 */
final class MessagesApi implements SessionResource {
    private final SessionLookup sessions;
    private final FailedMessages messages;

    private final TailApi tail;

    MessagesApi(SessionLookup sessions, FailedMessages messages, ConversationTail tail) {
        this.sessions = sessions;
        this.messages = messages;
        this.tail = new TailApi(sessions, tail);
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest r) {
        if (r.is("GET", 2) && "failed".equals(r.segment(1))) {
            return sessions.many(null, r.query("session"), true)
                    .thenCompose(list -> SessionLookup.sequence(list, s -> messages.list(s)
                            .thenApply(fs -> fs.stream().map(f -> view(s, f)).toList())))
                    .thenApply(per -> ApiResponse.ok(per.stream().flatMap(List::stream).toList()));
        }
        if (r.is("GET", 2) && "tail".equals(r.segment(1))) {
            return tail.handle(r);
        }
        if (r.is("POST", 3) && "retry".equals(r.segment(2))) {
            String id = r.segment(1);
            return sessions.many(null, null, true).thenCompose(list -> retry(list, 0, id)).thenApply(done -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("session", done.orElseThrow(() -> ApiException.notFound(
                        "message: no failed message or delivery " + id)).session().sessionId());
                m.put("retried", done.get().kind());
                return ApiResponse.ok(m);
            });
        }
        throw ApiException.noRoute(r);
    }

    private record Retried(SessionRef session, String kind) {
    }

    private CompletableFuture<Optional<Retried>> retry(List<SessionRef> list, int i, String id) {
        if (i >= list.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        SessionRef s = list.get(i);
        return messages.retry(s, id).thenCompose(k -> k.isPresent()
                ? CompletableFuture.completedFuture(Optional.of(new Retried(s, k.get()))) : retry(list, i + 1, id));
    }

    private static Map<String, Object> view(SessionRef s, FailedMessages.Failure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("session", s.sessionId());
        m.put("type", f.type());
        m.put("seq", f.seq());
        m.put("kind", f.kind());
        m.put("tries", f.tries());
        m.put("at", f.at());
        m.put("error", f.error());
        m.put("summary", f.summary());
        return m;
    }
}
