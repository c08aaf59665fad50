package io.tandem.host.delivery;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.RowsFinished;
import io.tandem.host.session.SessionRef;
import io.tandem.host.work.SessionLanes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a session's outbound rows (DESIGN 5.5). Coordination only: one pass chain per session
 * at a time ({@link PassGate}: a kick during a pass makes it run once more, never lost). A pass
 * reads a snapshot on the session's lane ({@link SnapshotReader}), decides what is due
 * ({@link DeliveryPlanner}, pure), hands each due row to the handler of its kind off the lane
 * ({@link DeliveryHandlers}), then records every outcome in ONE inbound transaction
 * ({@link DeliveryRecorder}), or, when it only settles delivered rows, keeps that record for the
 * session's next inbound transaction ({@link RecordDeferral}). A crash between send and record repeats the send with the same
 * idempotency key, which the channel answers with the same platform message: nothing is lost and
 * nothing is shown twice. A full page continues with the next page in the same chain.
 */
public final class DeliveryService {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    static final int PAGE = 100;
    private static final long DEFAULT_MAX_FILE = 25L << 20;
    /** {@code sweep.max_tries}'s default, for the constructors tests use. */
    private static final int DEFAULT_MAX_TRIES = 5;

    private final SessionLanes lanes;
    private final SessionWaker waker;
    private final Clock clock;
    private final SnapshotReader reader;
    private final DeliveryPlanner planner = new DeliveryPlanner();
    private final DeliveryHandlers handlers;
    private final DeliveryRecorder recorder;
    private final PassGate gate = new PassGate();
    private final TypingIndicator typing;
    private final RecordDeferral deferral;
    private volatile BiConsumer<SessionRef, Instant> timers = (s, t) -> { };

    /** A host with no pending-question store: question rows fail visibly. */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, PendingQuestions.unavailable(), Duration.ofHours(24));
    }

    /** A host with the default {@code delivery.max_file}, no system actions and nothing to do when rows finish (tests). */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, DEFAULT_MAX_FILE);
    }

    /** As above with {@code maxFile} = {@code delivery.max_file}: a chat row's file above it fails the row. */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           long maxFile) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, maxFile, Map.of(),
                RowsFinished.NONE);
    }

    /** As above with the default {@code delivery.max_file}. */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           Map<String, SystemAction> systemActions, RowsFinished finished) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, DEFAULT_MAX_FILE,
                systemActions, finished);
    }

    /**
     * As below with {@code sweep.max_tries} at its default, {@value #DEFAULT_MAX_TRIES}, and a typing
     * indicator no runner supervisor tells about runners: it never shows typing (tests of delivery alone).
     */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           long maxFile, Map<String, SystemAction> systemActions, RowsFinished finished) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, maxFile, systemActions,
                finished, new TypingIndicator(adapters, clock), DEFAULT_MAX_TRIES);
    }

    /**
     * @param maxFile       {@code delivery.max_file}: a chat row's file above it fails the row
     * @param systemActions the action registry for {@code system} rows, by action name
     * @param finished      work in the transaction that syncs acks (recurring tasks continue there)
     * @param typing        told, every pass, which chats have a batch in flight
     * @param maxTries      {@code sweep.max_tries}: a failed attempt is retried below it, failed at it
     */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           long maxFile, Map<String, SystemAction> systemActions, RowsFinished finished,
                           TypingIndicator typing, int maxTries) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, maxFile, systemActions,
                finished, typing, maxTries, HostMetrics.none());
    }

    /** As above; {@code metrics} counts each recorded attempt and its latencies. Records are never deferred. */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           long maxFile, Map<String, SystemAction> systemActions, RowsFinished finished,
                           TypingIndicator typing, int maxTries, HostMetrics metrics) {
        this(lanes, inbound, adapters, waker, clock, maxAttempts, questions, questionTtl, maxFile, systemActions,
                finished, typing, maxTries, metrics, RecordDeferral.OFF);
    }

    /** As above; {@code deferral}: whether and how long a pass's record may wait for the next inbound transaction. */
    public DeliveryService(SessionLanes lanes, InboundDb inbound, ChannelRegistry adapters, SessionWaker waker,
                           Clock clock, int maxAttempts, PendingQuestions questions, Duration questionTtl,
                           long maxFile, Map<String, SystemAction> systemActions, RowsFinished finished,
                           TypingIndicator typing, int maxTries, HostMetrics metrics, RecordDeferral deferral) {
        this.deferral = deferral;
        this.typing = typing;
        this.lanes = lanes;
        this.waker = waker;
        this.clock = clock;
        this.reader = new SnapshotReader(inbound, PAGE);
        this.recorder = new DeliveryRecorder(inbound, new RetryPolicy(maxAttempts), finished, maxTries, metrics);
        this.handlers = new DeliveryHandlers(Map.of(
                DeliveryOperation.CHAT, new ChatHandler(adapters, false, lanes, new OutboxFiles(maxFile)),
                DeliveryOperation.CARD, new ChatHandler(adapters, true, lanes, new OutboxFiles(maxFile)),
                DeliveryOperation.EDIT, new EditHandler(adapters),
                DeliveryOperation.REACTION, new ReactionHandler(adapters),
                DeliveryOperation.QUESTION, new QuestionHandler(adapters, questions, questionTtl, clock),
                DeliveryOperation.SYSTEM, new SystemHandler(systemActions)));
    }

    /** Where to ask for another pass at a later time (backoff, deliver_after). */
    public void setTimers(BiConsumer<SessionRef, Instant> timers) {
        this.timers = timers;
    }

    /** Schedules a pass; coalesces with one already running (which then runs once more). */
    public void kick(SessionRef s) {
        if (gate.kick(s.sessionId())) {
            run(s, -1);
        }
    }

    /** {@code messages_out} rows read by all passes so far: a restart must not rescan history. */
    public long rowsRead() {
        return reader.rowsRead();
    }

    private void run(SessionRef s, long after) {
        CompletableFuture<Long> pass;
        try {
            pass = pass(s, after);
        } catch (RuntimeException e) {
            pass = CompletableFuture.failedFuture(e);
        }
        pass.whenComplete((continueAfter, err) -> {
            if (err != null) {
                log.atError().addKeyValue("session", s.sessionId()).setCause(err).log("delivery.pass_failed");
            }
            if (err == null && continueAfter >= 0) {
                run(s, continueAfter);
            } else if (gate.finish(s.sessionId())) {
                run(s, -1);
            }
        });
    }

    /** One pass from the watermark; completes with the seq to continue after, or -1. */
    CompletableFuture<Long> pass(SessionRef s) {
        return pass(s, -1);
    }

    /** One continuation pass over the page after {@code after} (tests drive paging with it). */
    CompletableFuture<Long> passAfter(SessionRef s, long after) {
        return pass(s, after);
    }

    private CompletableFuture<Long> pass(SessionRef s, long after) {
        String id = s.sessionId();
        return lanes.submit(id, () -> reader.read(s, after)).thenCompose(snap -> {
            if (snap == null) {
                log.atDebug().addKeyValue("session", id).log("delivery.outbound_recovering_wake");
                waker.wake(id);
                return CompletableFuture.completedFuture(-1L);
            }
            typing.update(s, snap.inFlightChats()); // off the inbound transaction, which has ended
            DeliveryPlan plan = planner.plan(snap.rows(), clock.instant());
            return deliverAll(s, snap, plan)
                    .thenCompose(outcomes -> lanes.submit(id, () -> recorder.record(s, snap, plan, outcomes,
                            clock.instant(), deferral.on(), () -> kick(s))))
                    .thenApply(rec -> {
                        rec.nextWake().ifPresent(at -> timers.accept(s, at));
                        rec.deferred().ifPresent(w -> deferral.flushLater().at(s, w, clock.instant()
                                .plus(deferral.delay())));
                        if (rec.rowsAdded()) {
                            waker.wake(id); // a recurring task's next run: its timer is armed by the controller
                        } else if (rec.attemptsRetried()) {
                            // a running runner takes the retried row by itself once due; without one,
                            // the controller arms the timer for its process_after
                            waker.wake(id);
                        }
                        log.atDebug().addKeyValue("session", id).addKeyValue("from_seq", snap.pageStart())
                                .addKeyValue("rows_read", snap.rows().size()).addKeyValue("due", plan.due().size())
                                .addKeyValue("delivered", rec.delivered()).addKeyValue("retried", rec.retried())
                                .addKeyValue("failed", rec.failed()).addKeyValue("settled_through", rec.mark())
                                .addKeyValue("next_wake", rec.nextWake().orElse(null)).log("delivery.pass");
                        return snap.fullPage() ? snap.lastSeq() : -1L;
                    });
        });
    }

    /** Due rows one after another, in seq order (an edit may name a row delivered just before). */
    private CompletableFuture<List<Outcome>> deliverAll(SessionRef s, DeliverySnapshot snap, DeliveryPlan plan) {
        PassRefs refs = new PassRefs(snap.refs());
        CompletableFuture<List<Outcome>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (SnapshotRow due : plan.due()) {
            chain = chain.thenCompose(list -> deliver(s, snap, refs, due).thenApply(o -> {
                list.add(o);
                return list;
            }));
        }
        return chain;
    }

    private CompletableFuture<Outcome> deliver(SessionRef s, DeliverySnapshot snap, PassRefs refs, SnapshotRow due) {
        if (due.row() instanceof OutboundRow.Invalid bad) {
            return CompletableFuture.completedFuture(new Outcome.Failed(bad.reason()));
        }
        OutboundRow.Valid row = (OutboundRow.Valid) due.row();
        TargetCheck.Target target = snap.targets().get(row.key());
        DueRow d = new DueRow(s, row, target, row.refSeq() == null ? null : refs.resolve(row.refSeq()));
        return handlers.deliver(d).thenApply(o -> {
            if (o instanceof Outcome.Delivered del && target != null && target.allowed()) {
                refs.delivered(row.seq(), target.chat(), del.platformMessageId());
            }
            return o;
        });
    }
}
