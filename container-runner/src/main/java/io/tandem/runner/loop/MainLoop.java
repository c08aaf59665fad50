package io.tandem.runner.loop;

import io.tandem.runner.ExitCodes;
import io.tandem.runner.agent.AgentStarter;
import io.tandem.runner.agent.RetryInfo;
import io.tandem.runner.agent.RunnerMessages;
import io.tandem.runner.store.AckPruner;
import io.tandem.runner.store.OutboundRetention;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.OutboundStore;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.time.Timestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's loop (DESIGN §5.4), on the main thread: sends {@code hello}, then scans inbound.db
 * when woken by the watcher or the fallback poll (whose query is skipped while inbound.db is
 * unchanged and nothing scheduled has come due, {@link FallbackPoll}), starts at most one batch at
 * a time (the batch line at once, its processing acks with its first output or after
 * {@link PickupAcks#DELAY_NANOS}), and applies the agent's output as it arrives.
 * {@code /clear} is handled by the runner itself ({@link ClearCommand}). Agent output is applied
 * in chunks of at most {@value #CHUNK_LINES} lines and {@value #CHUNK_CHARS} chars per
 * transaction (one chunk for an ordinary reply, so the warm path keeps its commits); synced acks
 * are pruned between batches ({@link PruneSchedule}). It
 * returns, never exits the process, so the caller can always close everything and release the
 * lock. An agent that dies is started again ({@link #agentGone}: once per batch, then the batch
 * fails). Exits: idle for {@code idle_exit_ms} (0), a stop request (its code), a silent agent
 * during a batch (batch timeout, agent killed, its acks left processing) or an agent that cannot
 * be started again (nothing acked: the host's recovery retries those messages).
 */
public final class MainLoop {
    private static final Logger log = LoggerFactory.getLogger(MainLoop.class);
    private static final long IDLE_AGENT_GRACE_MILLIS = 2000;
    private static final int MAX_BACKOFF_SHIFT = 3;
    static final int CHUNK_LINES = 512;
    static final long CHUNK_CHARS = 4L << 20;

    /** Where {@code send.files} come from ({@code groupDir}) and go ({@code outbox}), and how hard copies are synced. */
    public record Files(java.nio.file.Path groupDir, java.nio.file.Path outbox, io.tandem.schema.db.Durability durability) {
    }

    /** How and why the loop ended. */
    public record Exit(int code, String reason) {
    }

    private final String sessionId;
    private final ContainerSpec spec;
    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final AgentSupervisor agent;
    private final LoopEvents events;
    private final PendingScanner scanner;
    private final AgentOutputApplier applier;
    private final AbandonedAcks abandoned;
    private final AckPruner pruner;
    /** Skips the fallback poll's query while inbound.db is unchanged and nothing is due. */
    private final FallbackPoll fallback;
    /** Deletes settled outbound rows past {@code retention.messages}; null: keep them for ever. */
    private final OutboundRetention retention;
    private final long pollNanos;
    private final long idleExitNanos;
    private final long batchTimeoutNanos;
    private final int maxPerBatch;

    private Batch batch;
    private InboundMessage lastReplyTo;
    private boolean scanRequested = true;
    private boolean firstPoll = true;
    private int unreadableScans;
    private long nextPollAt;
    private long idleSince;
    private int batchesSincePrune;
    private long lastPruneAt;
    private long lastRetentionAt;
    private Exit exit;

    /**
     * @param abandoned the processing acks a dead predecessor left (read at start, under the lock)
     */
    public MainLoop(String sessionId, ContainerSpec spec, LoopSettings settings, Files files, InboundReader inbound,
            OutboundStore outbound, AgentStarter starter, LoopEvents events, AbandonedAcks abandoned) {
        this.sessionId = sessionId;
        this.spec = spec;
        this.inbound = inbound;
        this.outbound = outbound;
        this.agent = new AgentSupervisor(starter, sessionId, spec, inbound, outbound);
        this.events = events;
        this.abandoned = abandoned;
        this.scanner = new PendingScanner(inbound, outbound, settings.maxMessagesPerBatch(), abandoned);
        this.maxPerBatch = settings.maxMessagesPerBatch();
        this.applier = new AgentOutputApplier(inbound, outbound, new ActionEnv(sessionId, files.groupDir(),
                files.outbox(), files.durability(), settings.maxFileBytes(), settings.maxOutputPerBatch(),
                zoneOf(spec.timezone())));
        this.pruner = new AckPruner(inbound, outbound, sessionId);
        this.fallback = new FallbackPoll(inbound.file(), inbound, java.time.Clock.systemUTC());
        this.retention = spec.runner() == null ? null : spec.runner().messageRetention()
                .map(keep -> new OutboundRetention(inbound, outbound, files.outbox(), sessionId, keep)).orElse(null);
        this.lastRetentionAt = System.nanoTime();
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(settings.pollIntervalMs());
        this.idleExitNanos = TimeUnit.MILLISECONDS.toNanos(settings.idleExitMs());
        this.batchTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.batchTimeoutMs());
    }

    /** The group's zone from container.json; UTC when it names none or an invalid one. */
    private static java.time.ZoneId zoneOf(String timezone) {
        try {
            return timezone == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    public Exit run() throws Exception {
        agent.start();
        long now = System.nanoTime();
        idleSince = now;
        nextPollAt = now;
        lastPruneAt = now;
        while (exit == null) {
            LoopEvent.Stop stop = events.stopRequested();
            if (stop != null) {
                return new Exit(stop.exitCode(), stop.reason());
            }
            now = System.nanoTime();
            long wait;
            if (batch == null) {
                if (scanRequested || now - nextPollAt >= 0) {
                    boolean poll = !scanRequested;
                    scanRequested = false;
                    pruneIfDue(now, false);
                    if (!poll || fallback.needsScan()) {
                        scan();
                        fallback.scanned(poll && batch == null && exit == null && !scanRequested
                                && unreadableScans == 0);
                    }
                    now = System.nanoTime();
                    nextPollAt = now + pollDelayNanos();
                    if (batch != null || exit != null || scanRequested) {
                        continue;
                    }
                    pruneIfDue(now, true);
                }
                if (now - idleSince >= idleExitNanos) {
                    return idleExit();
                }
                wait = Math.min(nextPollAt - now, idleSince + idleExitNanos - now);
            } else {
                if (batch.pickupPending() && now - batch.pickupDueNanos() >= 0) {
                    writePickup();
                }
                long silent = now - batch.lastActivityNanos();
                if (silent >= batchTimeoutNanos) {
                    return batchTimeout();
                }
                wait = batchTimeoutNanos - silent;
                if (batch.pickupPending()) {
                    wait = Math.min(wait, batch.pickupDueNanos() - now);
                }
            }
            LoopEvent event = events.poll(wait);
            if (event != null) {
                handle(event);
            }
        }
        return exit;
    }

    private void handle(LoopEvent event) throws SQLException {
        if (event instanceof LoopEvent.Wake) {
            scanRequested = true;
        } else if (event instanceof LoopEvent.FromAgent first) {
            // commit coalescing, bounded: the lines already waiting, up to one chunk, in one commit
            LoopEvents.Chunk chunk = events.chunk(first, CHUNK_LINES, CHUNK_CHARS);
            scanRequested |= chunk.wakeSeen();
            if (!agent.isCurrent(first.generation())) {
                return; // what a dead agent left behind: its successor is not answerable for it
            }
            AgentOutputApplier.Outcome outcome = applier.apply(chunk.lines(), batch, lastReplyTo);
            agent.send(outcome.results());
            long now = System.nanoTime();
            if (batch != null) {
                batch.touched(now);
            }
            if (outcome.batchFinished()) {
                // rows that came during the batch arrived as wakes; without a watch, or after a
                // full batch (rows may have waited behind it), scan now rather than at the next poll
                scanRequested |= !events.watched() || batch.messages().size() >= maxPerBatch;
                batch = null;
                batchesSincePrune++;
                idleSince = now;
            }
            if (outcome.agentGone()) {
                exit = agentGone();
            }
        }
        // a Stop is picked up at the top of the loop through events.stopRequested()
    }

    private void scan() throws SQLException {
        Optional<List<InboundMessage>> next = scanner.next(firstPoll);
        if (next.isEmpty()) {
            unreadableScans++;
            return;
        }
        unreadableScans = 0;
        List<InboundMessage> rows = next.get();
        if (rows.isEmpty()) {
            return;
        }
        int clear = ClearCommand.indexIn(rows);
        if (!agent.alive() && !agent.restart()) {
            exit = new Exit(ExitCodes.AGENT_EXITED, "agent could not be started again");
            return;
        }
        if (clear == 0) {
            ClearCommand.run(rows.get(0), inbound, outbound, agent.connection(), sessionId);
            abandoned.resumed(rows.subList(0, 1));
            batchesSincePrune++;
            firstPoll = false;
            idleSince = System.nanoTime();
            scanRequested = true;
        } else {
            startBatch(clear > 0 ? rows.subList(0, clear) : rows);
        }
    }

    /**
     * Prunes synced acks when {@link PruneSchedule} says so; only ever between batches. It is
     * housekeeping: a failure is logged and tried again at the next due moment, never fatal.
     */
    private void pruneIfDue(long now, boolean idle) {
        if (batch == null && PruneSchedule.due(batchesSincePrune, now - lastPruneAt, idle)) {
            fallback.forget();
            try {
                pruner.prune();
            } catch (SQLException e) {
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                        .log("acks.prune.failed");
            }
            batchesSincePrune = 0;
            lastPruneAt = System.nanoTime();
        }
        if (batch == null && retention != null && now - lastRetentionAt >= OutboundRetention.EVERY.toNanos()) {
            lastRetentionAt = now;
            fallback.forget();
            try {
                retention.run(Instant.now());
            } catch (SQLException e) {
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                        .log("retention.outbound_failed");
            }
        }
    }

    private void startBatch(List<InboundMessage> messages) throws SQLException {
        String batchId = Ids.mint("b");
        // retried messages only: a first attempt reads nothing more (the warm path is unchanged)
        Map<String, RetryInfo> retries = messages.stream().anyMatch(m -> RetryNotes.isRetry(m, abandoned))
                ? RetryNotes.of(messages, abandoned, outbound) : Map.of();
        String now = Timestamps.format(Instant.now());
        firstPoll = false;
        abandoned.resumed(messages);
        String line = RunnerMessages.batch(batchId, messages, fromNames(messages), m -> retries.get(m.id()));
        batch = new Batch(batchId, messages, now, System.nanoTime(), line);
        lastReplyTo = batch.replyTo();
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                .addKeyValue("last_seq", batch.lastSeq()).addKeyValue("batch", batchId)
                .addKeyValue("messages", messages.size()).addKeyValue("retried", retries.size()).log("batch.start");
        retries.forEach((id, r) -> log.atInfo().addKeyValue("session", sessionId).addKeyValue("batch", batchId)
                .addKeyValue("message", id).addKeyValue("attempt", r.attempt())
                .addKeyValue("already_sent", r.alreadySent().size() + r.omitted()).log("batch.retry"));
        toAgent(line);
    }

    /** Commits the batch's processing acks alone: the agent wrote nothing within the pickup delay. */
    private void writePickup() throws SQLException {
        Batch b = batch;
        outbound.tx(c -> {
            PickupAcks.write(c, b, Timestamps.format(Instant.now()));
            return null;
        });
        b.pickupWritten();
    }

    /** Destination names for rows that came from another agent; null (own chat) for the rest. */
    private Function<InboundMessage, String> fromNames(List<InboundMessage> messages) {
        if (messages.stream().noneMatch(m -> "agent".equals(m.channelType()))) {
            return m -> null;
        }
        List<Destination> destinations = inbound.read(InboundReader::destinations).orElse(List.of());
        return m -> {
            if (!"agent".equals(m.channelType())) {
                return null;
            }
            return destinations.stream()
                    .filter(d -> d.isAgent() && d.agentGroupId() != null && d.agentGroupId().equals(m.platformId()))
                    .map(Destination::name).findFirst().orElse(null);
        };
    }

    private void toAgent(String line) {
        agent.send(List.of(line));
    }

    private long pollDelayNanos() {
        if (unreadableScans == 0) {
            return pollNanos;
        }
        return pollNanos << Math.min(unreadableScans - 1, MAX_BACKOFF_SHIFT);
    }

    private Exit idleExit() {
        log.atInfo().addKeyValue("session", sessionId).log("runner.idle");
        agent.closeAndWait(IDLE_AGENT_GRACE_MILLIS);
        return new Exit(ExitCodes.OK, "idle");
    }

    private Exit batchTimeout() throws SQLException {
        if (batch.pickupPending()) {
            writePickup(); // a timeout shorter than the pickup delay still counts the attempt
        }
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                .addKeyValue("batch", batch.id()).log("batch.timeout");
        agent.kill();
        return new Exit(ExitCodes.BATCH_TIMEOUT, "batch timeout");
    }

    /**
     * The agent's output ended. On a stop that is expected (exit). Otherwise the agent died: with
     * no batch in flight a new one is started with the next batch; during a batch it is
     * restarted at once and given the batch again, once per batch; a second death fails the batch
     * (its messages acked {@code failed} with the reason, so the host sees it) and the runner
     * carries on. Only an agent that cannot be started again ends the runner.
     */
    private Exit agentGone() throws SQLException {
        LoopEvent.Stop stop = events.stopRequested();
        if (stop != null || agent.stopping()) {
            return stop != null ? new Exit(stop.exitCode(), stop.reason()) : new Exit(ExitCodes.OK, "agent stopped");
        }
        int code = agent.bury(batch == null ? null : batch.id());
        if (batch == null) {
            return null;
        }
        if (!batch.agentRestarted()) {
            batch.markAgentRestarted();
            if (!agent.restart()) {
                return new Exit(ExitCodes.AGENT_EXITED, "agent could not be started again");
            }
            batch.touched(System.nanoTime());
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("seq", batch.firstSeq())
                    .addKeyValue("batch", batch.id()).log("batch.resent");
            toAgent(batch.line());
            return null;
        }
        failBatch("the agent exited twice during batch " + batch.id() + " (last exit code " + code + ")");
        return null;
    }

    /** Acks the batch in flight {@code failed} with {@code reason} (unless the runner already failed it). */
    private void failBatch(String reason) throws SQLException {
        Batch failed = batch;
        String now = Timestamps.format(Instant.now());
        outbound.tx(c -> {
            if (failed.failure() == null) {
                OutboundRows.ackFinal(c, failed.messages(), true, reason, now);
            }
            OutboundRows.containerState(c, null, null, "idle", now);
            return null;
        });
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("seq", failed.firstSeq())
                .addKeyValue("last_seq", failed.lastSeq()).addKeyValue("batch", failed.id())
                .addKeyValue("reason", reason).log("batch.failed");
        batch = null;
        batchesSincePrune++;
        idleSince = System.nanoTime();
        scanRequested = true;
    }
}
