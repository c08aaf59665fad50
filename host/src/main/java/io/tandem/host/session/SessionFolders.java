package io.tandem.host.session;

import io.tandem.schema.db.Sql;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.sql.SQLException;

/**
 * Creates a session folder as the contract lays it out: {@code inbound.db} with its schema and
 * routing row, {@code inbox/}, and the empty mount points {@code out/} and {@code agent/}. The host
 * creates {@code out/} but never anything inside it. Idempotent, so a crash half way is repaired by
 * the next call.
 */
public final class SessionFolders {
    private final InboundDb inbound;

    public SessionFolders(InboundDb inbound) {
        this.inbound = inbound;
    }

    /** Routing of the session's own chat; all null for a session with no chat (agent-shared). */
    public record Routing(String channelType, String platformId, String threadId) {
    }

    public boolean exists(SessionPaths paths) {
        return Files.isRegularFile(paths.inboundDb(), LinkOption.NOFOLLOW_LINKS);
    }

    public void ensure(SessionPaths paths, Routing routing) throws IOException, SQLException {
        if (Files.isSymbolicLink(paths.root())) {
            throw new IOException("session folder " + paths.root() + " is a symbolic link; refusing it");
        }
        Files.createDirectories(paths.root());
        Files.createDirectories(paths.inbox());
        Files.createDirectories(paths.outDir());
        Files.createDirectories(paths.agentMount());
        inbound.with(paths, c -> {
            SessionSchema.INBOUND.apply(c);
            if (routing != null) {
                Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO session_routing(id, channel_type, platform_id, thread_id) "
                        + "VALUES (1, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                        routing.channelType(), routing.platformId(), routing.threadId()));
            }
            return null;
        });
    }
}
