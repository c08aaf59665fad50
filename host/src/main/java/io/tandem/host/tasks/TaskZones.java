package io.tandem.host.tasks;

import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The zone a session's recurrences are read in: the {@code timezone} of its {@code container.json}
 * (the group's zone, else the host's, written by the host at each wake), else the host's. Reading
 * it from the same file the runner reads keeps the host's next run and the runner's validation of
 * local times in one zone.
 */
public final class TaskZones {
    private final ZoneId hostZone;

    public TaskZones(ZoneId hostZone) {
        this.hostZone = hostZone;
    }

    public ZoneId hostZone() {
        return hostZone;
    }

    /** The session's zone; the host's when container.json is missing, unreadable or names no valid zone. */
    public ZoneId zoneOf(SessionPaths paths) {
        if (!Files.isRegularFile(paths.containerJson())) {
            return hostZone;
        }
        try {
            String tz = ContainerSpec.read(paths.containerJson()).timezone();
            return tz == null ? hostZone : ZoneId.of(tz);
        } catch (IOException | RuntimeException e) {
            return hostZone;
        }
    }

    /** The group's configured zone id if valid, else the host's. */
    public ZoneId zoneOf(String groupTimezone) {
        if (groupTimezone == null) {
            return hostZone;
        }
        try {
            return ZoneId.of(groupTimezone);
        } catch (DateTimeException e) {
            return hostZone;
        }
    }
}
