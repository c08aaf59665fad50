package io.tandem.host.channels.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The loop cap of agent-to-agent messages (DESIGN 5.8, {@code a2a.max_per_minute}): at most
 * {@code maxPerMinute} messages from one agent group to another in any sliding minute, counted per
 * (sender, target) pair. Two agents that keep answering each other therefore stop within a minute
 * instead of running forever. A message is counted once by its {@code messages_out} id, so a
 * delivery repeated after a transient failure does not use up the pair's allowance twice.
 *
 * <p>In memory: a restart forgets the window, which only ever lets a loop run one more minute. The
 * clock is injected so the window is tested on a settable clock. Thread-safe.
 */
public final class A2aCap {
    static final Duration WINDOW = Duration.ofMinutes(1);

    private record Sent(Instant at, String messageOutId) {
    }

    private final int maxPerMinute;
    private final Clock clock;
    private final Map<String, Deque<Sent>> pairs = new HashMap<>();

    public A2aCap(int maxPerMinute, Clock clock) {
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("a2a.max_per_minute must be at least 1, got " + maxPerMinute);
        }
        this.maxPerMinute = maxPerMinute;
        this.clock = clock;
    }

    public int maxPerMinute() {
        return maxPerMinute;
    }

    /**
     * Counts message {@code messageOutId} from {@code sender} to {@code target} and answers whether
     * it is within the cap; a message already counted in the window is admitted again without
     * counting. A refused message is not counted.
     */
    public synchronized boolean admit(String sender, String target, String messageOutId) {
        Instant now = clock.instant();
        String key = sender + "\u0000" + target;
        Deque<Sent> sent = pairs.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant cutoff = now.minus(WINDOW);
        while (!sent.isEmpty() && !sent.peekFirst().at().isAfter(cutoff)) {
            sent.pollFirst();
        }
        boolean admitted;
        if (sent.stream().anyMatch(s -> s.messageOutId().equals(messageOutId))) {
            admitted = true;
        } else if (sent.size() < maxPerMinute) {
            sent.addLast(new Sent(now, messageOutId));
            admitted = true;
        } else {
            admitted = false;
        }
        if (sent.isEmpty()) {
            pairs.remove(key); // idle pairs hold no memory
        }
        return admitted;
    }
}
