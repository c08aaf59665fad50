package io.tandem.host.tasks;

import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.seq.SeqMinter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled tasks of one session, for the agent's system actions and the operator's verbs alike:
 * every read and write runs on the session's lane (single writer of inbound.db), and every change
 * asks the session controller to run, which arms the timer for the earliest {@code process_after}
 * (DESIGN 5.6) so a task wakes on time, not at the next sweep.
 */
public final class TaskService {
    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final InboundDb inbound;
    private final SessionLanes lanes;
    private final SessionWaker waker;
    private final TaskZones zones;
    private final Clock clock;

    public TaskService(InboundDb inbound, SessionLanes lanes, SessionWaker waker, TaskZones zones, Clock clock) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.waker = waker;
        this.zones = zones;
        this.clock = clock;
    }

    /** A task to create; {@code id} is also its series id. */
    public record NewTask(String id, String prompt, Instant processAfter, String recurrence) {
    }

    public ZoneId zoneOf(SessionRef s) {
        return zones.zoneOf(s.paths());
    }

    /**
     * Inserts the first occurrence (an id already present is kept: a repeated request is a no-op)
     * and wakes the session. The recurrence is validated first; an invalid one fails the future
     * with {@link io.tandem.schema.time.Recurrence.InvalidRecurrenceException}.
     */
    public CompletableFuture<TaskRows.Task> schedule(SessionRef s, NewTask t) {
        return lanes.submit(s.sessionId(), () -> {
            Instant now = clock.instant();
            ZoneId zone = zones.zoneOf(s.paths());
            String recurrence = t.recurrence() == null ? null
                    : io.tandem.schema.time.Recurrence.parse(t.recurrence()).expression();
            Instant first = TaskOps.firstRun(t.processAfter(), recurrence, zone, now);
            String content = Json.write(Json.object().put("prompt", t.prompt()));
            long otherMax = SeqMinter.inbound().otherMax(s.paths().outboundDb());
            TaskRows.Task row = inbound.with(s.paths(), c -> Sql.tx(c, tx -> {
                TaskRows.insert(tx, otherMax, t.id(), t.id(), first, recurrence, content, now);
                // a repeated request finds the row it inserted before, in whatever state it is now
                return TaskRows.byId(tx, t.id()).orElseThrow(() -> new IllegalArgumentException("task_id '" + t.id()
                        + "' is already the id of a message that is not a task"));
            }));
            log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("id", row.id())
                    .addKeyValue("process_after", row.processAfter()).addKeyValue("recurrence", row.recurrence())
                    .log("task.scheduled");
            return row;
        }).thenApply(row -> {
            waker.wake(s.sessionId());
            return row;
        });
    }

    /**
     * Applies {@code op} to the live occurrence of the series {@code taskOrSeriesId} names; empty
     * when there is none (a miss the caller reports). Wakes the session after a change.
     */
    public CompletableFuture<Optional<TaskRows.Task>> operate(SessionRef s, TaskOps.Op op, String taskOrSeriesId,
                                                              TaskOps.Changes changes) {
        return lanes.submit(s.sessionId(), () -> {
            Instant now = clock.instant();
            ZoneId zone = zones.zoneOf(s.paths());
            return inbound.with(s.paths(), c -> Sql.tx(c, tx -> {
                Optional<TaskRows.Task> live = TaskRows.live(tx, taskOrSeriesId);
                if (live.isEmpty()) {
                    return Optional.<TaskRows.Task>empty();
                }
                TaskRows.Task changed = TaskOps.apply(live.get(), op, changes, zone, now);
                TaskRows.update(tx, changed);
                log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("id", changed.id())
                        .addKeyValue("series", changed.seriesId()).addKeyValue("op", op.action())
                        .addKeyValue("status", changed.status()).log("task.changed");
                return Optional.of(changed);
            }));
        }).thenApply(r -> {
            r.ifPresent(t -> waker.wake(s.sessionId()));
            return r;
        });
    }

    /** The live occurrence (pending or paused) that a task or series id names in this session, if any. */
    public CompletableFuture<Optional<TaskRows.Task>> live(SessionRef s, String taskOrSeriesId) {
        return lanes.submit(s.sessionId(), () -> java.nio.file.Files.exists(s.paths().inboundDb())
                ? inbound.with(s.paths(), c -> TaskRows.live(c, taskOrSeriesId)) : Optional.<TaskRows.Task>empty());
    }

    /** The session's tasks, newest first; live ones only unless {@code all}. */
    public CompletableFuture<List<TaskRows.Task>> list(SessionRef s, boolean all) {
        return lanes.submit(s.sessionId(), () -> java.nio.file.Files.exists(s.paths().inboundDb())
                ? inbound.with(s.paths(), c -> TaskRows.list(c, all)) : List.of());
    }
}
