package io.tandem.host.doctor;

import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.Optional;

/** A row of central's {@code sessions} table as the doctor needs it. */
public record SessionRow(String id, String agentGroupId, SessionStatus status) {
    /** The session's folder, or empty when an id is not path-safe (then it has no folder to check). */
    public Optional<SessionPaths> paths(Path dataDir) {
        if (!Ids.isSafe(id) || !Ids.isSafe(agentGroupId)) {
            return Optional.empty();
        }
        return Optional.of(SessionPaths.of(dataDir, agentGroupId, id));
    }

    public String subject() {
        return "session " + id;
    }
}
