package io.tandem.host.session;

import io.tandem.schema.db.Sql;
import io.tandem.schema.session.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ack sync plus recovery for one session, run on its lane: acks of the current attempt set
 * {@code messages_in.status}; rows a dead runner left {@code processing} are retried or failed
 * ({@link RecoveryPolicy}). Recovery runs only while {@code out/runner.lock} is free, so it never
 * races a live runner. Returns what the caller needs to decide on a wake or a timer.
 */
public final class SessionUpkeep {
    private static final Logger log = LoggerFactory.getLogger(SessionUpkeep.class);

    private final InboundDb inbound;
    private final SessionStateReader reader = new SessionStateReader();
    private final Clock clock;
    private final int maxTries;

    public SessionUpkeep(InboundDb inbound, Clock clock, int maxTries) {
        this.inbound = inbound;
        this.clock = clock;
        this.maxTries = maxTries;
    }

    /** What upkeep found after it ran. */
    public record Outcome(boolean dueNow, Optional<String> nextDue, boolean outboundRecovering, boolean runnerLockFree) {
    }

    public Outcome run(SessionRef s, boolean mayRecover) throws SQLException, IOException {
        boolean lockFree = ExclusiveFileLock.isFree(s.paths().runnerLock());
        return inbound.with(s.paths(), c -> {
            SessionState state = reader.read(c, s.paths());
            List<SessionState.StatusChange> changes = state.statusChanges();
            List<RecoveryPolicy.Decision> decisions = mayRecover && lockFree
                    ? RecoveryPolicy.decide(state.stuck(), clock.instant(), maxTries) : List.of();
            if (!changes.isEmpty() || !decisions.isEmpty()) {
                Sql.tx(c, tx -> {
                    reader.applyStatusChanges(tx, changes);
                    reader.applyRecovery(tx, decisions);
                    return null;
                });
                for (RecoveryPolicy.Decision d : decisions) {
                    log.atWarn().addKeyValue("session", s.sessionId()).addKeyValue("id", d.id())
                            .addKeyValue("tries", d.tries()).addKeyValue("status", d.status())
                            .addKeyValue("process_after", d.processAfter()).log("recovery.retry");
                }
                state = reader.read(c, s.paths());
            }
            Instant now = clock.instant();
            // With no runner alive, a journal beside outbound.db is hot: only a runner can roll it
            // back, so it counts as due work even when no message is pending.
            boolean hotOutbound = state.outboundRecovering()
                    || (lockFree && Files.exists(s.paths().outboundJournal(), LinkOption.NOFOLLOW_LINKS));
            return new Outcome(state.hasDueWork(now) || hotOutbound, state.nextDue(now), hotOutbound, lockFree);
        });
    }
}
