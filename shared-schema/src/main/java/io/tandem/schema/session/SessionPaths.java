package io.tandem.schema.session;

import io.tandem.schema.ids.Ids;
import io.tandem.schema.ids.SafePaths;
import java.nio.file.Path;

/**
 * The layout of one session folder, shared by the host (which creates the folder, inbound.db,
 * inbox/, out/ and agent/) and the runner (which creates everything inside out/).
 */
public record SessionPaths(Path root) {
    public static final String INBOUND_DB = "inbound.db";
    public static final String OUTBOUND_DB = "outbound.db";

    /** {@code <data>/sessions/<agent_group_id>/<session_id>}, with both ids checked. */
    public static SessionPaths of(Path dataDir, String agentGroupId, String sessionId) {
        Ids.requireSafe("agent_group_id", agentGroupId);
        Ids.requireSafe("session_id", sessionId);
        return new SessionPaths(SafePaths.resolve(dataDir, "sessions", agentGroupId, sessionId));
    }

    public Path inboundDb() {
        return root.resolve(INBOUND_DB);
    }

    public Path inboundJournal() {
        return root.resolve(INBOUND_DB + "-journal");
    }

    public Path containerJson() {
        return root.resolve("container.json");
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path agentMount() {
        return root.resolve("agent");
    }

    public Path outDir() {
        return root.resolve("out");
    }

    public Path outboundDb() {
        return outDir().resolve(OUTBOUND_DB);
    }

    public Path outboundJournal() {
        return outDir().resolve(OUTBOUND_DB + "-journal");
    }

    public Path heartbeat() {
        return outDir().resolve(".heartbeat");
    }

    public Path runnerLock() {
        return outDir().resolve("runner.lock");
    }

    public Path outbox() {
        return outDir().resolve("outbox");
    }
}
