package io.tandem.host.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only a running host knows, for {@code /admin/v1/status}: its process, listeners, adapters,
 * runner slots, sweep and recent errors. Everything is held in memory, so a snapshot touches no
 * file and may be taken on any thread. The CLI's direct path (no host) has {@link #NOT_RUNNING}.
 */
public interface LiveHost {
    LiveHost NOT_RUNNING = Optional::empty;

    Optional<Snapshot> snapshot();

    /** The host at one moment. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Snapshot(long pid, String version, String startedAt, long uptimeSeconds, String http, String admin,
                    List<Adapter> adapters, Runners runners, Sweep sweep, Map<String, String> quarantined,
                    List<RecentLogEvents.Event> errors) {
    }

    /** A channel adapter and whether it is serving. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Adapter(String type, boolean started) {
    }

    /** Runner slots: the cap, sessions by slot state (running, starting, reserved, stopping), and the queue in order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Runners(int cap, Map<String, String> slots, List<String> queued) {
    }

    /** The last complete sweep pass (null fields before the first). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Sweep(long intervalSeconds, String lastCompleted, Integer sessions, Integer visited, Integer skipped,
                 Long ms) {
    }
}
