package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, bug 3: a kick that lands while a pass is finishing must never be lost. Every round
 * writes a row and then kicks from several threads at once, racing the end of the pass the
 * previous kicks started; a lost kick leaves that round's row undelivered forever (nothing else
 * kicks here: no watcher, no sweep, no timer).
 */
class DeliveryKickStressTest {
    static final int ROUNDS = 150;
    static final int KICKERS = 4;
    @TempDir
    Path tmp;
    DeliveryHarness h;
    ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        h.files.chatIn("http", "demo", "hi");
        pool = Executors.newFixedThreadPool(KICKERS);
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        h.close();
    }

    @Test
    void concurrentKicksNeverLoseAPass() throws Exception {
        CyclicBarrier start = new CyclicBarrier(KICKERS);
        for (int round = 1; round <= ROUNDS; round++) {
            h.rows.chat("row " + round);
            List<Future<?>> kicks = new ArrayList<>();
            for (int k = 0; k < KICKERS; k++) {
                kicks.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    h.delivery.kick(h.ref);
                    return null;
                }));
            }
            for (Future<?> f : kicks) {
                f.get(20, TimeUnit.SECONDS);
            }
            int want = round;
            await("round " + round + " delivered").atMost(Duration.ofSeconds(20))
                    .until(() -> h.channel.sent.size() >= want);
        }
        assertThat(h.channel.sent).hasSize(ROUNDS);
        assertThat(h.channel.sent.stream().map(d -> d.messageOutId()).distinct()).hasSize(ROUNDS);
        assertThat(h.channel.maxInFlight.get()).as("never two passes of one session at once").isEqualTo(1);
    }

    /**
     * The exact race of bug 3, repeated: a pass finishing while a kick lands. Whatever the
     * interleaving, exactly one side must run the next pass: both running would overlap two
     * passes, neither would lose the kick.
     */
    @Test
    void aKickRacingTheEndOfAPassIsNeverLostNorDoubled() throws Exception {
        int rounds = 20_000;
        PassGate gate = new PassGate();
        AtomicInteger finishPhase = new AtomicInteger();
        AtomicInteger kickPhase = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        boolean[] rerun = new boolean[rounds];
        boolean[] started = new boolean[rounds];
        Thread finisher = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (finishPhase.get() <= i) {
                    Thread.yield();
                }
                rerun[i] = gate.finish("s");
                done.incrementAndGet();
            }
        });
        Thread kicker = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (kickPhase.get() <= i) {
                    Thread.yield();
                }
                started[i] = gate.kick("s");
                done.incrementAndGet();
            }
        });
        finisher.setDaemon(true);
        kicker.setDaemon(true);
        finisher.start();
        kicker.start();
        int lost = 0;
        int doubled = 0;
        for (int i = 0; i < rounds; i++) {
            assertThat(gate.kick("s")).isTrue();
            int target = 2 * (i + 1);
            kickPhase.set(i + 1);
            finishPhase.set(i + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (done.get() < target) {
                assertThat(System.nanoTime()).as("round %d finished", i).isLessThan(deadline);
                Thread.yield();
            }
            lost += !rerun[i] && !started[i] ? 1 : 0;
            doubled += rerun[i] && started[i] ? 1 : 0;
            if (rerun[i] || started[i]) {
                gate.finish("s");
            }
            assertThat(gate.running()).as("round %d leaves the session idle", i).isZero();
        }
        assertThat(lost).as("kicks lost").isZero();
        assertThat(doubled).as("passes doubled").isZero();
        assertThat(gate.running()).isZero();
    }
}
