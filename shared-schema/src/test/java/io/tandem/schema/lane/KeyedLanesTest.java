package io.tandem.schema.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyedLanesTest {
    private ExecutorService pool;
    private KeyedLanes lanes;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(4);
        lanes = new KeyedLanes(pool);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void workUnderOneKeyRunsOneAtATimeInSubmissionOrder() throws Exception {
        List<String> keys = List.of("s-1", "s-2", "s-3");
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        for (String k : keys) {
            running.put(k, new AtomicInteger());
            maxRunning.put(k, new AtomicInteger());
            order.put(k, Collections.synchronizedList(new ArrayList<>()));
        }
        AtomicInteger runningOverall = new AtomicInteger();
        AtomicInteger maxOverall = new AtomicInteger();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String key = keys.get(i % keys.size());
            int n = i / keys.size();
            futures.add(lanes.submit(key, () -> {
                int now = running.get(key).incrementAndGet();
                maxRunning.get(key).accumulateAndGet(now, Math::max);
                maxOverall.accumulateAndGet(runningOverall.incrementAndGet(), Math::max);
                order.get(key).add(n);
                busyWork();
                runningOverall.decrementAndGet();
                running.get(key).decrementAndGet();
                return n;
            }));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (String k : keys) {
            assertThat(maxRunning.get(k).get()).as("max concurrent tasks of %s", k).isEqualTo(1);
            List<Integer> expected = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                expected.add(n);
            }
            assertThat(order.get(k)).as("order of %s", k).isEqualTo(expected);
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get()).isEqualTo(i / keys.size());
        }
        assertThat(lanes.activeLanes()).isZero();
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> a = lanes.submit("a", () -> {
            bothStarted.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            return "a";
        });
        CompletableFuture<String> b = lanes.submit("b", () -> {
            bothStarted.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            return "b";
        });
        CompletableFuture<String> a2 = lanes.submit("a", () -> "a2");
        assertThat(bothStarted.await(10, TimeUnit.SECONDS)).as("a blocked lane holds up no other key").isTrue();
        assertThat(lanes.activeLanes()).isEqualTo(2);
        assertThat(a2).as("the second task of a waits for the first").isNotDone();
        release.countDown();
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(a2.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
    }

    @Test
    void aFailingTaskFailsItsFutureWithTheOriginalExceptionAndTheLaneGoesOn() throws Exception {
        IOException checked = new IOException("disk full");
        IllegalStateException unchecked = new IllegalStateException("bad row");
        CompletableFuture<String> first = lanes.submit("s-1", () -> {
            throw checked;
        });
        CompletableFuture<String> second = lanes.submit("s-1", () -> {
            throw unchecked;
        });
        CompletableFuture<String> third = lanes.submit("s-1", () -> "still running");

        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(checked);
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(unchecked);
        assertThat(lanes.activeLanes()).isZero();
    }

    @Test
    void everySubmissionCompletesEvenWhenItsWorkFinishesBeforeSubmitReturns() throws Exception {
        // A direct executor runs the work inside submit(): the completion callback must still
        // fire and the lane must not stay registered.
        KeyedLanes direct = new KeyedLanes(Runnable::run);
        CompletableFuture<Integer> first = direct.submit("k", () -> 1);
        assertThat(first).isCompletedWithValue(1);
        assertThat(direct.submit("k", () -> 2)).isCompletedWithValue(2);
        assertThat(direct.activeLanes()).isZero();

        // The same race on a real pool: many trivial tasks over fresh and reused keys.
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String key = i % 2 == 0 ? "fresh-" + i : "k-" + (i % 5);
            int n = i;
            futures.add(lanes.submit(key, () -> n));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(lanes.activeLanes()).isZero();
    }

    private static void busyWork() {
        // a little real work so that overlapping tasks would actually be seen overlapping
        long x = 0;
        for (int i = 0; i < 20_000; i++) {
            x += Integer.rotateLeft(i, 3) ^ x;
        }
        if (x == 42) {
            throw new AssertionError();
        }
    }
}
