package io.tandem.host.doctor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every check may look at, gathered once before the checks run: the data folder, the clock,
 * the configured heartbeat staleness (empty when the configuration cannot be read), whether a host holds {@code host.lock}, and central's
 * sessions (empty when central cannot be read; the central check then reports why).
 */
public record DoctorContext(Path dataDir, Clock clock, Optional<Duration> heartbeatStale, HostProbe.State host,
                            Optional<List<SessionRow>> sessions) {

    /** {@code file} relative to the data folder, as findings name it. */
    public String rel(Path file) {
        return dataDir.relativize(file).toString();
    }
}
