package io.tandem.host.status;

import io.tandem.host.TandemVersion;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.sweep.SweepVerticle;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link LiveHost} of the running daemon: reads the in-memory state of the parts it is handed
 * (adapters, runner scheduler, sweep, quarantine, recent log events) at the moment of the call.
 * Addresses are suppliers because the listeners bind after this object is built; status requests
 * arrive only over the admin listener, so after both are bound.
 */
public final class HostStatus implements LiveHost {
    /** The parts of the daemon a snapshot reads. */
    public record Parts(Supplier<String> http, Supplier<String> admin, ChannelRegistry adapters,
                        RunnerScheduler scheduler, SweepVerticle sweep, Supplier<Map<String, String>> quarantined,
                        RecentLogEvents errors) {
    }

    private final Parts parts;
    private final Clock clock;
    private final Instant startedAt;
    private final long pid = ProcessHandle.current().pid();

    public HostStatus(Parts parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public Optional<Snapshot> snapshot() {
        List<Adapter> adapters = new ArrayList<>();
        for (Channel c : parts.adapters().all()) {
            adapters.add(new Adapter(c.channelType(), c.started()));
        }
        RunnerScheduler.Occupancy o = parts.scheduler().occupancy();
        Map<String, String> slots = new LinkedHashMap<>();
        o.slots().forEach((k, v) -> slots.put(k, v.name().toLowerCase(Locale.ROOT)));
        SweepVerticle.Pass pass = parts.sweep().lastPass();
        Instant last = parts.sweep().lastCompleted();
        Sweep sweep = new Sweep(parts.sweep().interval().toSeconds(), last == null ? null : Timestamps.format(last),
                pass == null ? null : pass.sessions(), pass == null ? null : pass.visited(),
                pass == null ? null : pass.skipped(), pass == null ? null : pass.ms());
        Instant now = clock.instant();
        return Optional.of(new Snapshot(pid, TandemVersion.VERSION, Timestamps.format(startedAt),
                Duration.between(startedAt, now).toSeconds(), parts.http().get(), parts.admin().get(),
                adapters, new Runners(o.cap(), slots, o.queued()), sweep,
                Map.copyOf(parts.quarantined().get()), parts.errors().events()));
    }
}
