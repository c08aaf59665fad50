package io.tandem.host.containers;

import io.tandem.host.session.RunnerPresence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds who has a runner slot, who waits for one, and who is backing off after a young death, and
 * applies {@link SlotPolicy} to it. It starts and signals nothing itself: the session controller
 * asks it for slots and carries out its plans through the supervisor. All state changes happen
 * under this object's lock, so a slot is never handed out twice; the maps hold only sessions that
 * hold a slot, wait, or back off, and entries go when that ends (bounded by the active sessions).
 */
public final class RunnerScheduler {
    private static final Logger log = LoggerFactory.getLogger(RunnerScheduler.class);
    /** A runner that exits non-zero within this time of its spawn died young. */
    public static final Duration YOUNG = Duration.ofSeconds(3);
    private static final int EXIT_ALREADY_RUNNING = 6;

    private final SlotPolicy policy;
    private final Clock clock;
    private final Supplier<Set<String>> quarantined;
    private final Map<String, SlotPolicy.Slot> slots = new HashMap<>();
    private final Map<String, SlotPolicy.Waiting> queue = new LinkedHashMap<>();
    private final Map<String, Instant> backoffUntil = new HashMap<>();
    private final Map<String, Integer> youngDeaths = new HashMap<>();
    private long order;
    private boolean accepting = true;
    /** Until then no runner is spawned (the crash-loop breaker); null: no hold. */
    private Instant holdUntil;

    public RunnerScheduler(SlotPolicy policy, Clock clock, Supplier<Set<String>> quarantined) {
        this.policy = policy;
        this.clock = clock;
        this.quarantined = quarantined;
    }

    public synchronized RunnerPresence presence(String sessionId) {
        SlotPolicy.Slot s = slots.get(sessionId);
        return s == null ? RunnerPresence.NONE : s.state();
    }

    /** Asks for a slot; a grant holds it as STARTING until {@link #started} or {@link #released}. */
    public synchronized SlotPolicy.Grant request(String sessionId, Instant oldestDue) {
        if (!accepting) {
            return new SlotPolicy.Refused("host stopping");
        }
        Instant now = clock.instant();
        if (holdUntil != null && holdUntil.isAfter(now) && !slots.containsKey(sessionId)) {
            return new SlotPolicy.Backoff(holdUntil);
        }
        SlotPolicy.Grant g = policy.request(view(), sessionId, now);
        if (g instanceof SlotPolicy.Granted) {
            queue.remove(sessionId);
            slots.put(sessionId, new SlotPolicy.Slot(RunnerPresence.STARTING, null));
        } else if (g instanceof SlotPolicy.Queued) {
            SlotPolicy.Waiting w = queue.get(sessionId);
            Instant due = w == null || oldestDue.isBefore(w.oldestDue()) ? oldestDue : w.oldestDue();
            queue.put(sessionId, new SlotPolicy.Waiting(sessionId, due, w == null ? ++order : w.order()));
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("queued", queue.size())
                    .addKeyValue("oldest_due", due).log("runner.queued");
        }
        log.atDebug().addKeyValue("session", sessionId).addKeyValue("grant", g).addKeyValue("slots", slots.size())
                .addKeyValue("cap", policy.cap()).log("scheduler.request");
        return g;
    }

    /** Gives a slot back that was reserved or granted but not used. */
    public synchronized void released(String sessionId) {
        SlotPolicy.Slot s = slots.get(sessionId);
        if (s != null && (s.state() == RunnerPresence.RESERVED || s.state() == RunnerPresence.STARTING)) {
            slots.remove(sessionId);
        }
    }

    /** Gives back a slot held for a queued session whose run could not use it; true if one was held. */
    public synchronized boolean releaseReservation(String sessionId) {
        SlotPolicy.Slot s = slots.get(sessionId);
        if (s != null && s.state() == RunnerPresence.RESERVED) {
            slots.remove(sessionId);
            return true;
        }
        return false;
    }

    public synchronized void started(String sessionId) {
        slots.computeIfPresent(sessionId, (k, s) -> new SlotPolicy.Slot(RunnerPresence.RUNNING, null));
    }

    /** The spawn itself failed: the slot is free and the session backs off like a young death. */
    public synchronized Duration spawnFailed(String sessionId) {
        slots.remove(sessionId);
        return youngDeath(sessionId);
    }

    /**
     * The runner's exit was observed: frees the slot; a non-zero exit soon after the spawn starts
     * (or extends) a backoff; a normal one forgets the session's history.
     */
    public synchronized Duration exited(String sessionId, int code, Instant spawnedAt) {
        slots.remove(sessionId);
        boolean young = Duration.between(spawnedAt, clock.instant()).compareTo(YOUNG) < 0;
        if (code != 0 && code != EXIT_ALREADY_RUNNING && young) {
            return youngDeath(sessionId);
        }
        if (code != EXIT_ALREADY_RUNNING) {
            youngDeaths.remove(sessionId);
            backoffUntil.remove(sessionId);
        }
        return Duration.ZERO;
    }

    private Duration youngDeath(String sessionId) {
        int n = youngDeaths.merge(sessionId, 1, Integer::sum);
        Duration delay = SlotPolicy.youngDeathDelay(n);
        backoffUntil.put(sessionId, clock.instant().plus(delay));
        return delay;
    }

    /** What the controller saw of a running runner: busy (batch in flight or work due) or idle. */
    public synchronized void observed(String sessionId, boolean busy) {
        slots.computeIfPresent(sessionId, (k, s) -> {
            if (s.state() != RunnerPresence.RUNNING) {
                return s;
            }
            if (busy) {
                return new SlotPolicy.Slot(s.state(), null);
            }
            return s.idleSince() != null ? s : new SlotPolicy.Slot(s.state(), clock.instant());
        });
    }

    /** A quarantined session leaves the queue for good. */
    public synchronized void forget(String sessionId) {
        queue.remove(sessionId);
        backoffUntil.remove(sessionId);
        youngDeaths.remove(sessionId);
    }

    /**
     * Applies the policy: waiting sessions that get a slot are held as RESERVED (their controller
     * run then starts them), runners to evict become STOPPING (the caller sends SIGTERM).
     */
    public synchronized SlotPolicy.Plan plan() {
        if (!accepting) {
            return new SlotPolicy.Plan(List.of(), List.of());
        }
        Instant now = clock.instant();
        if (holdUntil != null && holdUntil.isAfter(now)) {
            return new SlotPolicy.Plan(List.of(), List.of());
        }
        backoffUntil.values().removeIf(t -> t.isBefore(now.minus(Duration.ofMinutes(10))));
        SlotPolicy.Plan p = policy.plan(view(), now);
        for (String s : p.start()) {
            queue.remove(s);
            slots.put(s, new SlotPolicy.Slot(RunnerPresence.RESERVED, null));
        }
        for (String s : p.evict()) {
            slots.computeIfPresent(s, (k, v) -> new SlotPolicy.Slot(RunnerPresence.STOPPING, v.idleSince()));
        }
        if (!p.isEmpty()) {
            log.atDebug().addKeyValue("start", p.start()).addKeyValue("evict", p.evict())
                    .addKeyValue("waiting", queue.size()).log("scheduler.plan");
        }
        return p;
    }

    public synchronized boolean hasWaiting() {
        return !queue.isEmpty();
    }

    /** Sessions waiting for a slot (metrics). */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Sessions whose runner is up (for probes while others wait). */
    public synchronized List<String> running() {
        List<String> out = new ArrayList<>();
        slots.forEach((k, v) -> {
            if (v.state() == RunnerPresence.RUNNING) {
                out.add(k);
            }
        });
        return out;
    }

    /** The cap, each held slot's state and the waiting sessions in queue order (for status). */
    public record Occupancy(int cap, Map<String, RunnerPresence> slots, List<String> queued) {
    }

    public synchronized Occupancy occupancy() {
        Map<String, RunnerPresence> held = new LinkedHashMap<>();
        slots.forEach((k, v) -> held.put(k, v.state()));
        return new Occupancy(policy.cap(), held, List.copyOf(queue.keySet()));
    }

    public synchronized int held() {
        return slots.size();
    }

    /**
     * No runner is spawned before {@code until} (the crash-loop breaker, {@code CrashLoop}): a
     * request is answered {@link SlotPolicy.Backoff} to that time, so its session asks again then.
     */
    public synchronized void holdSpawns(Instant until) {
        holdUntil = until;
    }

    /** No more grants (host stopping). */
    public synchronized void close() {
        accepting = false;
        queue.clear();
    }

    private SlotPolicy.View view() {
        return new SlotPolicy.View(Map.copyOf(slots), List.copyOf(queue.values()), Map.copyOf(backoffUntil),
                quarantined.get());
    }
}
