package io.tandem.host.questions;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.questions.QuestionExpiry.Expire;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.sweep.Expiry;
import io.tandem.host.sweep.Timers;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires agents' questions that nobody answered in time (DESIGN 5.6/5.7): for each question
 * {@link QuestionExpiry} says is due, in this order — (a) one central transaction deletes its
 * {@code pending_questions} row and marks it {@link QuestionMark#EXPIRED}, so a later click is
 * refused 410; (b) the asking session gets its {@code question_response} with
 * {@code "expired":true} (the id a click's answer would have, so only one of them can ever exist)
 * and is woken; (c) the card is edited to say it expired ({@link ExpiredCards}, best effort).
 * Claiming in one central transaction is what settles a race with a click: whichever commits
 * first finds the row, the other finds it gone. Should (b) fail, the claim is undone and a later
 * pass tries again, so the agent is never left without an outcome.
 *
 * <p>Timing: each pass arms the {@code expiry:questions} timer for the earliest {@code expires_at}
 * still ahead, and {@link #questionFiled} arms it for a new question, so a question expires on
 * time; running the pass at start and every {@code sweep.interval} is the backstop.
 *
 * <p>Invariants: passes never overlap (a run asked for during a pass runs right after it); a pass
 * reads at most {@code maxChunks} chunks of {@code chunk} rows on the central read connection and
 * handles their questions one after another, leaving the rest to a pass armed right away; a
 * failure is logged and ends only the question or pass it hit. {@link #run()} only submits work,
 * so it is safe on any thread; no network call runs inside a transaction.
 */
public final class QuestionExpiryPass implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(QuestionExpiryPass.class);
    /** The timer key the next expiry is armed under. */
    public static final String TIMER = "expiry:questions";
    private static final int CHUNK = 100;
    private static final int MAX_CHUNKS = 20;

    private final CentralDb central;
    private final CentralStores stores;
    private final PendingQuestionRows rows = new PendingQuestionRows();
    private final QuestionResponses responses;
    private final ExpiredCards cards;
    private final Timers timers;
    private final Clock clock;
    private final int chunk;
    private final int maxChunks;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** What one pass did: questions expired, when the next is due, and whether rows were left for another pass. */
    public record Result(int expired, Optional<Instant> nextDue, boolean truncated) {
        static final Result BUSY = new Result(0, Optional.empty(), false);
    }

    private record Claimed(PendingQuestion question, String agentGroupId) {
    }

    private record Paged(int expired, boolean truncated) {
    }

    public QuestionExpiryPass(CentralDb central, CentralStores stores, Path dataDir, SessionLanes lanes,
                              InboundDb inbound, SessionWaker waker, ChannelRegistry channels, Timers timers,
                              Clock clock) {
        this(central, stores, dataDir, lanes, inbound, waker, channels, timers, clock, CHUNK, MAX_CHUNKS);
    }

    QuestionExpiryPass(CentralDb central, CentralStores stores, Path dataDir, SessionLanes lanes, InboundDb inbound,
                       SessionWaker waker, ChannelRegistry channels, Timers timers, Clock clock, int chunk,
                       int maxChunks) {
        if (chunk < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunk and maxChunks must be at least 1");
        }
        this.central = central;
        this.stores = stores;
        this.responses = new QuestionResponses(dataDir, lanes, inbound, waker);
        this.cards = new ExpiredCards(dataDir, lanes, inbound, channels);
        this.timers = timers;
        this.clock = clock;
        this.chunk = chunk;
        this.maxChunks = maxChunks;
    }

    @Override
    public void run() {
        pass();
    }

    /** A question expiring at {@code expiresAt} was filed: the timer is armed for it unless an earlier one is. */
    public void questionFiled(Instant expiresAt) {
        timers.arm(TIMER, expiresAt, this);
    }

    /** Runs one pass; completes with what it did ({@link Result#BUSY} at once while another pass runs). */
    public CompletableFuture<Result> pass() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            log.atDebug().log("question.expiry_busy");
            return CompletableFuture.completedFuture(Result.BUSY);
        }
        again.set(false);
        CompletableFuture<Result> result;
        try {
            Instant start = clock.instant();
            result = page("", "", 0, 0).thenCompose(p -> nextDue(start).thenApply(
                    next -> new Result(p.expired(), next, p.truncated())));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((r, err) -> {
            running.set(false);
            if (err != null) {
                log.atWarn().addKeyValue("error", err.toString()).log("question.expiry_pass_failed");
            } else {
                r.nextDue().ifPresent(at -> timers.arm(TIMER, at, this));
                if (r.expired() > 0 || r.truncated()) {
                    log.atInfo().addKeyValue("expired", r.expired()).addKeyValue("truncated", r.truncated())
                            .addKeyValue("next_due", r.nextDue().map(Instant::toString).orElse(null))
                            .log("question.expiry_pass");
                }
            }
            if (again.getAndSet(false) || (r != null && r.truncated())) {
                timers.arm(TIMER, clock.instant(), this);
            }
        });
    }

    /** One chunk of due candidates after the key ({@code afterExpiresAt}, {@code afterId}), then the next. */
    private CompletableFuture<Paged> page(String afterExpiresAt, String afterId, int done, int expired) {
        Instant now = clock.instant();
        return central.read(c -> rows.dueCandidates(c, now, afterExpiresAt, afterId, chunk)).thenCompose(found -> {
            QuestionExpiry.Decision d = QuestionExpiry.decide(found, now);
            return expireAll(d.expire(), 0, 0, now).thenCompose(n -> {
                if (found.size() < chunk) {
                    return CompletableFuture.completedFuture(new Paged(expired + n, false));
                }
                if (done + 1 >= maxChunks) {
                    return CompletableFuture.completedFuture(new Paged(expired + n, true));
                }
                PendingQuestion last = found.get(found.size() - 1);
                return page(last.expiresAt(), last.questionId(), done + 1, expired + n);
            });
        });
    }

    /**
     * When the earliest question still pending is due, by the same decision (now, if it already
     * is). {@code now} is the pass's start, not a later reading: a question that fell due between
     * the pass's read and this one must still be found here, or no timer would be armed for it.
     */
    private CompletableFuture<Optional<Instant>> nextDue(Instant now) {
        return central.read(c -> rows.nextAfter(c, now)).thenApply(next -> {
            QuestionExpiry.Decision d = QuestionExpiry.decide(next, now);
            return d.expire().isEmpty() ? d.nextDue() : Optional.of(now);
        });
    }

    /** Expires {@code list} from index {@code i} on, one after another; completes with how many expired. */
    private CompletableFuture<Integer> expireAll(List<Expire> list, int i, int expired, Instant now) {
        if (i >= list.size()) {
            return CompletableFuture.completedFuture(expired);
        }
        Expire e = list.get(i);
        return expireOne(e, now).exceptionally(err -> {
            log.atWarn().addKeyValue("session", e.question().sessionId())
                    .addKeyValue("question", e.question().questionId()).addKeyValue("error", err.toString())
                    .log("question.expiry_failed");
            return false;
        }).thenCompose(ok -> expireAll(list, i + 1, expired + (ok ? 1 : 0), now));
    }

    private CompletableFuture<Boolean> expireOne(Expire e, Instant now) {
        PendingQuestion q = e.question();
        if (e.why() == Expiry.Why.UNPARSABLE) {
            log.atWarn().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                    .addKeyValue("expires_at", q.expiresAt()).log("question.expires_at_unparsable_expiring");
        }
        return central.tx(c -> claim(c, q.questionId(), now)).thenCompose(claimed -> {
            if (claimed.isEmpty()) {
                log.atDebug().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                        .log("question.expiry_not_pending");
                return CompletableFuture.completedFuture(false);
            }
            return respond(claimed.get(), e.why(), now);
        });
    }

    /** Step (a): the row deleted and the question marked expired, unless a click (or another pass) took it. */
    private Optional<Claimed> claim(Connection c, String questionId, Instant now) throws SQLException {
        Optional<PendingQuestion> found = rows.find(c, questionId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PendingQuestion q = found.get();
        Optional<SessionRow> session = stores.sessions().session(c, q.sessionId());
        rows.delete(c, questionId);
        rows.mark(c, stores.adapterState(), questionId, QuestionMark.EXPIRED, now);
        return session.map(s -> new Claimed(q, s.agentGroupId()));
    }

    /** Steps (b) and (c): the agent told, then the card edited; a failed write undoes the claim. */
    private CompletableFuture<Boolean> respond(Claimed claimed, Expiry.Why why, Instant now) {
        PendingQuestion q = claimed.question();
        return responses.write(q, claimed.agentGroupId(), QuestionResponses.expired(q.questionId()), now)
                .handle((out, err) -> {
                    if (err != null) {
                        log.atWarn().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                                .addKeyValue("error", err.toString()).log("question.expiry_write_failed");
                        return central.tx(c -> {
                            rows.restore(c, stores.adapterState(), q, clock.instant());
                            return false;
                        });
                    }
                    log.atInfo().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                            .addKeyValue("seq", out.seq()).addKeyValue("id", out.id())
                            .addKeyValue("duplicate", out.duplicate())
                            .addKeyValue("why", why.name().toLowerCase(Locale.ROOT)).log("question.expired");
                    return cards.markExpired(q, claimed.agentGroupId(), now).thenApply(v -> true);
                }).thenCompose(f -> f);
    }
}
