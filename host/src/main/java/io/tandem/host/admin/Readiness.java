package io.tandem.host.admin;

import io.tandem.host.channels.Channel;
import io.tandem.host.config.TandemConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /readyz} answers: whether the host can take messages now. It once said "ready"
 * while every POST failed (disk full, unwritable folder, descriptors exhausted), so each check
 * exercises what intake needs: a real probe write in the data folder (write, fsync, delete;
 * trusted for {@code admin.probe_interval}), open descriptors below {@code admin.max_fd_use} of
 * the limit, a sweep within twice its period, every adapter started. Quarantined sessions are
 * listed (they refuse their own messages with 503) but do not make the whole host unready.
 *
 * <p>Checks run on this class's own thread, never on an event loop; the admin listener only
 * reads the last {@link Report}, so answering never touches a file.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    static final String PROBE_FILE = ".readyz-probe";

    /** Open and maximum file descriptors of this process; negative when unknown. */
    public interface Descriptors {
        long open();

        long max();

        /** This JVM's counts (UnixOperatingSystemMXBean), unknown on other platforms. */
        static Descriptors ofThisProcess() {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return new Descriptors() {
                    @Override
                    public long open() {
                        return unix.getOpenFileDescriptorCount();
                    }

                    @Override
                    public long max() {
                        return unix.getMaxFileDescriptorCount();
                    }
                };
            }
            return new Descriptors() {
                @Override
                public long open() {
                    return -1;
                }

                @Override
                public long max() {
                    return -1;
                }
            };
        }
    }

    /** One evaluation: failing checks (name → reason; empty when ready) and quarantined sessions. */
    public record Report(Map<String, String> failing, Map<String, String> quarantined) {
        public boolean ready() {
            return failing.isEmpty();
        }
    }

    private final Path dataDir;
    private final Clock clock;
    private final TandemConfig.Admin limits;
    private final Duration sweepInterval;
    private final Supplier<Instant> lastSweep;
    private final Iterable<Channel> adapters;
    private final Supplier<Map<String, String>> quarantinedSessions;
    private final Descriptors descriptors;
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "readiness");
        t.setDaemon(true);
        return t;
    });
    private volatile Report report = new Report(Map.of("starting", "the host is starting"), Map.of());
    private Instant probedAt;
    private String probeFailure;

    /**
     * @param quarantinedSessions session id → reason, listed in every report
     * @param lastSweep when the sweep last completed, null before the first
     */
    public Readiness(Path dataDir, Clock clock, TandemConfig.Admin limits, Duration sweepInterval,
                     Supplier<Instant> lastSweep, Iterable<Channel> adapters,
                     Supplier<Map<String, String>> quarantinedSessions) {
        this(dataDir, clock, limits, sweepInterval, lastSweep, adapters, quarantinedSessions,
                Descriptors.ofThisProcess());
    }

    public Readiness(Path dataDir, Clock clock, TandemConfig.Admin limits, Duration sweepInterval,
                     Supplier<Instant> lastSweep, Iterable<Channel> adapters,
                     Supplier<Map<String, String>> quarantinedSessions, Descriptors descriptors) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.limits = limits;
        this.sweepInterval = sweepInterval;
        this.lastSweep = lastSweep;
        this.adapters = adapters;
        this.quarantinedSessions = quarantinedSessions;
        this.descriptors = descriptors;
    }

    /** Re-evaluates every second on this class's thread until {@link #close}. */
    public void start() {
        exec.scheduleWithFixedDelay(this::refreshSafely, 0, 1, TimeUnit.SECONDS);
    }

    /** The latest report (in memory; safe to call from an event loop). */
    public Report report() {
        return report;
    }

    /** Evaluates every check now (blocking: may write and fsync the probe file). */
    public synchronized Report refresh() {
        Map<String, String> failing = new LinkedHashMap<>();
        Instant now = clock.instant();
        boolean probed = probedAt == null || Duration.between(probedAt, now).compareTo(limits.probeInterval()) >= 0;
        if (probed) {
            probeFailure = probe();
            probedAt = now;
        }
        if (probeFailure != null) {
            failing.put("data_writable", probeFailure);
        }
        long open = descriptors.open();
        long max = descriptors.max();
        if (open >= 0 && max > 0 && open > (long) (max * limits.maxFdUse())) {
            failing.put("file_descriptors", open + " of " + max + " open (over admin.max_fd_use "
                    + limits.maxFdUse() + ")");
        }
        Instant last = lastSweep.get();
        if (last == null || Duration.between(last, now).compareTo(sweepInterval.multipliedBy(2)) > 0) {
            failing.put("sweep", last == null ? "no sweep has completed yet" : "last sweep completed at " + last);
        }
        for (Channel a : adapters) {
            if (!a.started()) {
                failing.put("adapter_" + a.channelType(), "not started");
            }
        }
        Map<String, String> quarantined = Map.copyOf(Objects.requireNonNullElse(quarantinedSessions.get(), Map.of()));
        Report next = new Report(Map.copyOf(failing), quarantined);
        if (!next.failing().equals(report.failing())) {
            log.atInfo().addKeyValue("ready", next.ready()).addKeyValue("failing", next.failing())
                    .log("readiness.changed");
        }
        if (probed) {
            log.atDebug().addKeyValue("failing", next.failing()).addKeyValue("quarantined", quarantined.keySet())
                    .addKeyValue("fd_open", open).addKeyValue("fd_max", max).log("readiness.probed");
        }
        report = next;
        return next;
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("readiness.failed");
            report = new Report(Map.of("readiness", "the checks failed to run (see the host log)"), Map.of());
        }
    }

    /** Writes, fsyncs and deletes a small file in the data folder; null when that worked. */
    private String probe() {
        Path p = dataDir.resolve(PROBE_FILE);
        try {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(("probe " + clock.instant() + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.delete(p);
            return null;
        } catch (FileSystemException e) {
            return "cannot write " + p + ": " + (e.getReason() != null ? e.getReason() : "not permitted");
        } catch (IOException e) {
            return "cannot write " + p + ": " + e.getMessage();
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
