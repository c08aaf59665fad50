package io.tandem.host.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.support.Immutable;
import io.tandem.host.support.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness as a decision table over a real data folder, with the clock and the OS counts set. */
class ReadinessTest {
    @TempDir
    Path data;
    final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final TandemConfig.Admin limits = new TandemConfig.Admin(new HostPort("127.0.0.1", 0), 0.9, Duration.ofSeconds(5));
    final AtomicReference<Instant> lastSweep = new AtomicReference<>(clock.instant());
    final AtomicLong openFds = new AtomicLong(100);
    final FakeChannel http = new FakeChannel(true);
    final AtomicReference<Map<String, String>> quarantined = new AtomicReference<>(Map.of());
    Readiness readiness;

    @BeforeEach
    void build() {
        readiness = new Readiness(data, clock, limits, Duration.ofSeconds(60), lastSweep::get,
                List.of(http), quarantined::get, new Readiness.Descriptors() {
                    @Override
                    public long open() {
                        return openFds.get();
                    }

                    @Override
                    public long max() {
                        return 1000;
                    }
                });
    }

    @Test
    void readyWhenEveryCheckPassesAndTheProbeLeavesNothingBehind() throws Exception {
        Readiness.Report r = readiness.refresh();
        assertThat(r.failing()).isEmpty();
        assertThat(r.ready()).isTrue();
        assertThat(readiness.report()).isEqualTo(r);
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void notReadyBeforeTheFirstEvaluation() {
        assertThat(readiness.report().ready()).isFalse();
        assertThat(readiness.report().failing()).containsKey("starting");
    }

    @Test
    void aDataFolderThatStopsBeingWritableFailsOnceTheCachedProbeExpires() throws Exception {
        assertThat(readiness.refresh().ready()).isTrue();
        try (AutoCloseable unwritable = unwritable(data)) {
            assertThat(readiness.refresh().ready()).as("the last probe is trusted for probe_interval").isTrue();
            clock.advance(Duration.ofSeconds(5));
            lastSweep.set(clock.instant());
            Readiness.Report r = readiness.refresh();
            assertThat(r.failing()).containsOnlyKeys("data_writable");
            assertThat(r.failing().get("data_writable")).contains(".readyz-probe");
        }
        clock.advance(Duration.ofSeconds(5));
        lastSweep.set(clock.instant());
        assertThat(readiness.refresh().ready()).as("ready again once writable").isTrue();
    }

    @Test
    void descriptorsOverTheShareOfTheLimitFail() {
        openFds.set(900);
        assertThat(readiness.refresh().ready()).isTrue();
        openFds.set(901);
        assertThat(readiness.refresh().failing()).containsOnlyKeys("file_descriptors");
        assertThat(readiness.report().failing().get("file_descriptors")).contains("901 of 1000");
    }

    @Test
    void aLateSweepAndAStoppedAdapterFail() {
        lastSweep.set(null);
        http.started = false;
        assertThat(readiness.refresh().failing()).containsOnlyKeys("sweep", "adapter_http");
        lastSweep.set(clock.instant().minusSeconds(121));
        http.started = true;
        assertThat(readiness.refresh().failing()).containsOnlyKeys("sweep");
        lastSweep.set(clock.instant().minusSeconds(120));
        assertThat(readiness.refresh().ready()).isTrue();
    }

    @Test
    void quarantinedSessionsAreListedWithoutMakingTheHostUnready() {
        quarantined.set(Map.of("s-1", "inbound.db is newer than this host (TANDEM-E005)"));
        Readiness.Report r = readiness.refresh();
        assertThat(r.ready()).isTrue();
        assertThat(r.quarantined()).containsEntry("s-1", "inbound.db is newer than this host (TANDEM-E005)");
    }

    /**
     * Root ignores permission bits, so "not writable" uses the immutable attribute; where that is
     * not allowed, the probe's own path is taken by a non-empty directory, which no one (root
     * included) can open for writing.
     */
    static AutoCloseable unwritable(Path dir) throws Exception {
        Immutable i = Immutable.tryMake(dir);
        if (i != null) {
            return i;
        }
        Path blocker = dir.resolve(Readiness.PROBE_FILE);
        Files.createDirectories(blocker.resolve("x"));
        return () -> {
            Files.delete(blocker.resolve("x"));
            Files.delete(blocker);
        };
    }

    static final class FakeChannel implements Channel {
        volatile boolean started;

        FakeChannel(boolean started) {
            this.started = started;
        }

        @Override
        public String channelType() {
            return "http";
        }

        @Override
        public boolean supportsThreads() {
            return true;
        }

        @Override
        public boolean started() {
            return started;
        }

        @Override
        public CompletableFuture<String> send(OutboundDelivery delivery) {
            return CompletableFuture.completedFuture("1");
        }
    }
}
