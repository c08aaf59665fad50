package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.containers.RunnerLiveness;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sweep's decision matrix (issue 9) on a settable clock: what happens to one session with one
 * pending row, for every combination that matters of the runner's liveness (fresh or stale
 * heartbeat, dead process), the row's ack (none, current, superseded), its tries (below and at
 * {@code sweep.max_tries}) and its time (due, future). Each row runs the two pure decisions the
 * sweep's I/O shells apply, in the order they apply them: {@link RunnerLiveness} (the stat pass:
 * kill a stale runner; a dead one is left to its exit) and then {@link SessionDecisions} with the
 * runner gone or still there (the controller: ack sync, recovery with backoff {@code 5 s * 2^tries},
 * {@code failed} at the limit, start, wake). Expected actions are written as compact words, times
 * relative to now. The questions' table is the expiry decision the sweep's expiry pass applies
 * ({@link io.tandem.host.questions.QuestionExpiry}): expired and live questions on the same clock.
 */
class SweepDecisionMatrixTest {
    private static final Instant SPAWN = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(30);
    private static final int MAX_TRIES = 5;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // case                                    | runner | ack (attempt:status) | tries | due in (s) | runner verdict | session actions
            "fresh heartbeat, batch in flight           | fresh  | 0:processing | 0 | 0   | keep | busy",
            "fresh heartbeat, nothing acked, row due    | fresh  | -            | 0 | 0   | keep | busy",
            "fresh heartbeat, row in the future         | fresh  | -            | 0 | 30  | keep | idle; wake@+30s",
            "fresh heartbeat, current completed ack     | fresh  | 0:completed  | 0 | 0   | keep | sync m-1=completed; idle",
            "fresh heartbeat, current failed ack        | fresh  | 0:failed     | 0 | 0   | keep | retry m-1=pending#1@+5s; idle; wake@+5s",
            "stale heartbeat, batch in flight           | stale  | 0:processing | 0 | 0   | kill | recover m-1=pending#1@+5s; wake@+5s",
            "stale heartbeat, third try backs off 40 s  | stale  | 3:processing | 3 | 0   | kill | recover m-1=pending#4@+40s; wake@+40s",
            "stale heartbeat, tries at the limit        | stale  | 4:processing | 4 | 0   | kill | recover m-1=failed",
            "dead process, batch in flight              | dead   | 1:processing | 1 | 0   | exit | recover m-1=pending#2@+10s; wake@+10s",
            "dead process, tries at the limit           | dead   | 4:processing | 4 | 0   | exit | recover m-1=failed",
            "dead process, superseded ack, row due      | dead   | 0:processing | 1 | 0   | exit | start",
            "dead process, superseded completed ack     | dead   | 0:completed  | 1 | 0   | exit | start",
            "dead process, current completed ack        | dead   | 1:completed  | 1 | 0   | exit | sync m-1=completed",
            "dead process, failed ack at the limit      | dead   | 4:failed     | 4 | 0   | exit | retry m-1=failed",
            "dead process, row due                      | dead   | -            | 0 | 0   | exit | start",
            "dead process, row in the future            | dead   | -            | 2 | 90  | exit | wake@+90s",
    })
    void decide(String name, String runner, String ack, int tries, long dueIn, String verdict, String expected) {
        SettableClock clock = new SettableClock(SPAWN);
        clock.advance(Duration.ofSeconds(600));
        Instant now = clock.instant();
        Instant beat = switch (runner) {
            case "fresh" -> now.minusSeconds(5);
            case "stale" -> now.minus(STALE).minusSeconds(1);
            default -> now.minusSeconds(300);
        };
        RunnerLiveness.Decision live = RunnerLiveness.decide(SPAWN, beat, !runner.equals("dead"), true, now, STALE);
        String seen = live.kill() ? "kill" : runner.equals("dead") ? "exit" : "keep";
        assertThat(seen).as("runner verdict").isEqualTo(verdict);

        // a killed or dead runner's exit releases runner.lock and reruns the controller with no runner
        boolean gone = live.kill() || runner.equals("dead");
        String processAfter = dueIn == 0 ? null : Timestamps.format(now.plusSeconds(dueIn));
        SessionSnapshot.Row row = new SessionSnapshot.Row("m-1", 2, tries, true, processAfter,
                Timestamps.format(now.minusSeconds(60)));
        Map<String, ProcessingAck> acks = new HashMap<>();
        if (ack != null) {
            String[] a = ack.split(":");
            acks.put("m-1", new ProcessingAck("m-1", Integer.parseInt(a[0]), AckStatus.fromWire(a[1]),
                    Timestamps.format(now.minusSeconds(30)), a[1].equals("failed") ? "agent said failed" : null));
        }
        SessionSnapshot snap = new SessionSnapshot("s-1", List.of(row), acks, SessionSnapshot.Outbound.READ, false,
                gone, gone ? RunnerPresence.NONE : RunnerPresence.RUNNING, null);
        assertThat(words(SessionDecisions.decide(snap, now, MAX_TRIES), now)).as("session actions")
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // case                                   | expires in (s), one per question   | expired now | next due in (s)
            "a live question                          | 60                 | -          | 60",
            "an expired question                      | -1                 | q0         | -",
            "exactly at its expiry                    | 0                  | q0         | -",
            "expired and live together               | -30 120 45         | q0         | 45",
            "no question                              | ''                 | -          | -",
    })
    void questions(String name, String expiresIn, String expired, Long nextIn) {
        SettableClock clock = new SettableClock(SPAWN);
        Instant now = clock.instant();
        List<io.tandem.host.delivery.PendingQuestion> pending = new ArrayList<>();
        String[] in = expiresIn.isBlank() ? new String[0] : expiresIn.trim().split("\\s+");
        for (int i = 0; i < in.length; i++) {
            pending.add(new io.tandem.host.delivery.PendingQuestion("q" + i, "s-1", "mo-" + i,
                    new io.tandem.host.channels.ChatTarget("http", "demo", null), "Lunch?", "[]",
                    Timestamps.format(now.minusSeconds(600)), Timestamps.format(now.plusSeconds(Long.parseLong(in[i])))));
        }
        var d = io.tandem.host.questions.QuestionExpiry.decide(pending, now);
        assertThat(String.join(" ", d.expire().stream().map(e -> e.question().questionId()).toList()))
                .isEqualTo(expired == null ? "" : expired);
        assertThat(d.nextDue()).isEqualTo(nextIn == null ? java.util.Optional.empty()
                : java.util.Optional.of(now.plusSeconds(nextIn)));
    }

    private static String words(List<SessionAction> actions, Instant now) {
        List<String> out = new ArrayList<>();
        for (SessionAction a : actions) {
            if (a instanceof SessionAction.SyncAcks s) {
                s.changes().forEach(c -> out.add("sync " + c.id() + "=" + c.status()));
            } else if (a instanceof SessionAction.Recover r) {
                r.decisions().forEach(d -> out.add("recover " + decision(d, now)));
            } else if (a instanceof SessionAction.RetryFailed f) {
                f.retries().forEach(r -> out.add("retry " + decision(r.decision(), now)));
            } else if (a instanceof SessionAction.StartRunner) {
                out.add("start");
            } else if (a instanceof SessionAction.WakeAt w) {
                out.add("wake@+" + Duration.between(now, w.at()).toSeconds() + "s");
            } else if (a instanceof SessionAction.Activity act) {
                out.add(act.busy() ? "busy" : "idle");
            } else {
                out.add(a.getClass().getSimpleName());
            }
        }
        return String.join("; ", out);
    }

    private static String decision(RecoveryPolicy.Decision d, Instant now) {
        String s = d.id() + "=" + d.status().wire();
        if (d.processAfter() != null) {
            s += "#" + d.tries() + "@+" + Duration.between(now, Timestamps.parse(d.processAfter())).toSeconds() + "s";
        }
        return s;
    }
}
