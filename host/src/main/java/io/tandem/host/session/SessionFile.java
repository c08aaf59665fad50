package io.tandem.host.session;

import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The two SQLite files of a session that can break and be moved aside by a quarantine, named on the
 * wire ({@code tandem doctor --fix}, {@code POST /admin/v1/sessions/{id}/quarantine}) by their file
 * names.
 */
public enum SessionFile {
    INBOUND("inbound.db"),
    OUTBOUND("outbound.db");

    private final String wire;

    SessionFile(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<SessionFile> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wire.equals(name)).findFirst();
    }

    public Path path(SessionPaths paths) {
        return this == INBOUND ? paths.inboundDb() : paths.outboundDb();
    }

    public Path journal(SessionPaths paths) {
        return this == INBOUND ? paths.inboundJournal() : paths.outboundJournal();
    }
}
