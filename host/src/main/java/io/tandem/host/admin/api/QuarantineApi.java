package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionFile;
import io.tandem.host.session.SessionQuarantines;
import io.tandem.schema.json.Json;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/v1/sessions/{id}/quarantine} with {@code {"reason": "...", "files":
 * ["inbound.db", "outbound.db"]}}: marks the session quarantined and moves the named broken files
 * aside (never deletes them), on the session's lane, so the host that holds those files open does
 * it ({@code tandem doctor --fix}). Other sessions are not touched. Answers what was moved and
 * what was kept.
 */
final class QuarantineApi implements SessionResource {
    private final SessionLookup sessions;
    private final SessionQuarantines quarantines;

    QuarantineApi(SessionLookup sessions, SessionQuarantines quarantines) {
        this.sessions = sessions;
        this.quarantines = quarantines;
    }

    static boolean routes(ApiRequest r) {
        return r.is("POST", 3) && "sessions".equals(r.segment(0)) && "quarantine".equals(r.segment(2));
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest r) {
        String reason = Json.text(r.body(), "reason");
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("reason: required (why the session is quarantined)");
        }
        Set<SessionFile> files = EnumSet.noneOf(SessionFile.class);
        JsonNode list = r.body().path("files");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw ApiException.badRequest("files: must be a list of file names (inbound.db, outbound.db)");
        }
        for (JsonNode f : list) {
            files.add(SessionFile.fromWire(f.asText()).orElseThrow(() -> ApiException.badRequest(
                    "files: unknown session file " + f.asText() + " (inbound.db or outbound.db)")));
        }
        return sessions.one(r.segment(1)).thenCompose(s -> quarantines.quarantine(s, reason, files))
                .thenApply(QuarantineApi::view);
    }

    private static ApiResponse view(SessionQuarantines.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", o.sessionId());
        m.put("reason", o.reason());
        m.put("moved", o.moved().stream().map(x -> Map.of("file", x.file().wire(), "to", x.to().getFileName().toString()))
                .toList());
        m.put("kept", o.kept().stream().map(x -> Map.of("file", x.file().wire(), "why", x.why())).toList());
        return ApiResponse.ok(m);
    }
}
