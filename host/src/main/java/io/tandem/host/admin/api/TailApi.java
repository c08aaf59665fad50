package io.tandem.host.admin.api;

import io.tandem.host.messages.ConversationTail;
import io.tandem.host.messages.TailCursor;
import io.tandem.host.messages.TailRow;
import io.tandem.host.messages.TailWindow;
import io.tandem.host.session.SessionRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/v1/messages/tail?session=S|chat=C[&after=CURSOR][&lines=N]}: a session's (or
 * a chat's active sessions') conversation, both directions, merged by time and seq. Without
 * {@code after} the last {@code lines} rows (default 20); with it the rows after the cursor (at
 * most {@code lines}, default 500, {@code more} says whether others wait). Every answer carries
 * the cursor to continue from, so a follower polls with it and sees every row once. Each session
 * is read on its own lane ({@link ConversationTail}); {@link TailWindow} decides what to show.
 */
final class TailApi {
    static final int DEFAULT_LAST = 20;
    static final int DEFAULT_AFTER = 500;
    static final int MAX_LINES = 1000;
    /** An outbound row without a recorded delivery is held back this long (see {@link TailWindow}). */
    static final Duration HOLD = Duration.ofSeconds(5);

    private final SessionLookup sessions;
    private final ConversationTail tail;

    TailApi(SessionLookup sessions, ConversationTail tail) {
        this.sessions = sessions;
        this.tail = tail;
    }

    CompletableFuture<ApiResponse> handle(ApiRequest r) {
        String session = r.query("session");
        String chat = r.query("chat");
        if ((session == null) == (chat == null)) {
            throw ApiException.badRequest("tail needs exactly one of session or chat");
        }
        TailCursor after;
        try {
            after = r.query("after") == null ? null : TailCursor.parse(r.query("after"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        int lines = lines(r.query("lines"), after == null ? DEFAULT_LAST : DEFAULT_AFTER);
        CompletableFuture<List<SessionRef>> refs = session != null
                ? sessions.one(session).thenApply(List::of) : sessions.ofChat(chat);
        return refs.thenCompose(list -> {
            List<CompletableFuture<TailWindow.SessionRows>> reads = new ArrayList<>();
            for (SessionRef s : list) {
                reads.add(tail.read(s, after == null ? null : after.of(s.sessionId()), lines));
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<TailWindow.SessionRows> read = reads.stream().map(CompletableFuture::join).toList();
                TailWindow.Slice slice = after == null
                        ? TailWindow.last(read, lines, tail.now(), HOLD)
                        : TailWindow.after(read, after, lines, tail.now(), HOLD);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rows", slice.rows().stream().map(TailApi::view).toList());
                m.put("cursor", slice.cursor().format());
                m.put("more", slice.more());
                return ApiResponse.ok(m);
            });
        });
    }

    private static int lines(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LINES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("lines '" + text + "' must be an integer from 1 to " + MAX_LINES);
    }

    private static Map<String, Object> view(TailRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", r.session());
        m.put("seq", r.seq());
        m.put("direction", r.inbound() ? "in" : "out");
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("at", r.timestamp());
        m.put("status", r.status());
        m.put("sender", r.sender());
        m.put("text", r.text());
        m.put("in_reply_to", r.inReplyTo());
        m.put("to", r.to());
        m.put("error", r.error());
        return m;
    }
}
