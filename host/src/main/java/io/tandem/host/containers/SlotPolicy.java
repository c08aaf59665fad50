package io.tandem.host.containers;

import io.tandem.host.session.RunnerPresence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner slot policy (DESIGN 5.3, issue 5 bug 1): a pure function of the scheduler's view and
 * the time, tested as a decision table. Rules:
 * <ul>
 *   <li>at most {@code cap} slots (reserved, starting, running or stopping runners all count);</li>
 *   <li>waiting sessions get free slots oldest due message first;</li>
 *   <li>while sessions wait and no slot is free, the runners idle longest (no batch in flight,
 *       nothing due, for at least {@code minIdle}) are asked to stop, one per waiting session not
 *       already covered by a runner that is stopping — so a session with due work gets a slot
 *       within seconds, not after {@code runner.idle_exit};</li>
 *   <li>a session whose runner died young waits out its backoff; a quarantined one never runs.</li>
 * </ul>
 */
public final class SlotPolicy {
    private final int cap;
    private final Duration minIdle;

    public SlotPolicy(int cap, Duration minIdle) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        this.cap = cap;
        this.minIdle = minIdle;
    }

    /** A held slot. {@code idleSince} is null while the runner is busy or not yet observed. */
    public record Slot(RunnerPresence state, Instant idleSince) {
    }

    /** A session waiting for a slot; {@code order} breaks ties (first asked, first served). */
    public record Waiting(String sessionId, Instant oldestDue, long order) {
    }

    /** What the scheduler holds. */
    public record View(Map<String, Slot> slots, List<Waiting> queue, Map<String, Instant> backoffUntil,
                       Set<String> quarantined) {
    }

    /** The answer to a slot request. */
    public sealed interface Grant {
    }

    /** Start now (the slot is held as {@link RunnerPresence#STARTING}). */
    public record Granted() implements Grant {
    }

    /** No free slot: wait in the queue. */
    public record Queued() implements Grant {
    }

    /** A runner is already starting, running or stopping for this session. */
    public record Already(RunnerPresence state) implements Grant {
    }

    /** The runner died young: ask again at {@code at}. */
    public record Backoff(Instant at) implements Grant {
    }

    /** Never (quarantined, or the host is stopping). */
    public record Refused(String reason) implements Grant {
    }

    /** Slots to hand to waiting sessions, and runners to ask to stop. */
    public record Plan(List<String> start, List<String> evict) {
        public boolean isEmpty() {
            return start.isEmpty() && evict.isEmpty();
        }
    }

    public int cap() {
        return cap;
    }

    public Grant request(View v, String sessionId, Instant now) {
        if (v.quarantined().contains(sessionId)) {
            return new Refused("quarantined");
        }
        Slot held = v.slots().get(sessionId);
        if (held != null) {
            return held.state() == RunnerPresence.RESERVED ? new Granted() : new Already(held.state());
        }
        Instant until = v.backoffUntil().get(sessionId);
        if (until != null && until.isAfter(now)) {
            return new Backoff(until);
        }
        long othersWaiting = v.queue().stream().filter(w -> !w.sessionId().equals(sessionId)
                && eligible(v, w, now)).count();
        return v.slots().size() + othersWaiting < cap ? new Granted() : new Queued();
    }

    public Plan plan(View v, Instant now) {
        List<Waiting> candidates = v.queue().stream().filter(w -> eligible(v, w, now))
                .sorted(Comparator.comparing(Waiting::oldestDue).thenComparingLong(Waiting::order)).toList();
        int free = Math.max(0, cap - v.slots().size());
        List<String> start = new ArrayList<>();
        for (int i = 0; i < Math.min(free, candidates.size()); i++) {
            start.add(candidates.get(i).sessionId());
        }
        long stopping = v.slots().values().stream().filter(s -> s.state() == RunnerPresence.STOPPING).count();
        long need = candidates.size() - start.size() - stopping;
        List<String> evict = need <= 0 ? List.of() : v.slots().entrySet().stream()
                .filter(e -> e.getValue().state() == RunnerPresence.RUNNING && e.getValue().idleSince() != null
                        && !e.getValue().idleSince().plus(minIdle).isAfter(now))
                .sorted(Map.Entry.<String, Slot>comparingByValue(Comparator.comparing(Slot::idleSince))
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(need).map(Map.Entry::getKey).toList();
        return new Plan(List.copyOf(start), evict);
    }

    private static boolean eligible(View v, Waiting w, Instant now) {
        Instant until = v.backoffUntil().get(w.sessionId());
        return !v.slots().containsKey(w.sessionId()) && !v.quarantined().contains(w.sessionId())
                && (until == null || !until.isAfter(now));
    }

    /** Delay before restarting a runner after its {@code n}-th young death in a row: 1 s doubling, at most 60 s. */
    public static Duration youngDeathDelay(int n) {
        return Duration.ofMillis(Math.min(60_000L, 1000L << Math.min(Math.max(n, 1) - 1, 6)));
    }
}
