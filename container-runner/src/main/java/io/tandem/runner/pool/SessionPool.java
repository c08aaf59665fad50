package io.tandem.runner.pool;

import io.tandem.runner.ExitCodes;
import io.tandem.runner.Runner;
import io.tandem.runner.RunnerContext;
import io.tandem.runner.agent.AgentKinds;
import io.tandem.runner.loop.MainLoop;
import io.tandem.schema.json.Json;
import io.tandem.schema.pool.PoolCommand;
import io.tandem.schema.pool.PoolEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions a shared runner JVM runs, driven by {@link PoolCommand} lines. Each command ends in
 * exactly one answer on stdout where one is due: a started session's {@code exited} when its run
 * ends; {@code exited} code 6 for a start of a session already running here (as a second runner
 * would); {@code refused} for a line it cannot carry out (malformed, stop or kill of a session not
 * running). Bad input never ends the JVM. A {@code kill} that does not end its session within
 * {@value #KILL_GRACE_MILLIS} ms halts the JVM, so the host sees every session of it end and
 * recovers them. Invariant: a session id is in {@link #running} from its accepted start until just
 * before its {@code exited} line is written.
 */
final class SessionPool {
    private static final Logger log = LoggerFactory.getLogger(SessionPool.class);
    static final long KILL_GRACE_MILLIS = 5000;

    private final Path groupDir;
    private final AgentKinds kinds;
    private final Map<String, String> env;
    private final SessionLogRouter logs;
    private final PoolEvents events;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Map<String, PoolSession> running = new ConcurrentHashMap<>();
    /** Set by {@link #stopAll}; guarded by {@code this} with the registration of a start. */
    private boolean stopping;

    SessionPool(Path groupDir, AgentKinds kinds, Map<String, String> env, SessionLogRouter logs, PoolEvents events,
            ScheduledExecutorService timers, Clock clock) {
        this.groupDir = groupDir;
        this.kinds = kinds;
        this.env = Map.copyOf(env);
        this.logs = logs;
        this.events = events;
        this.timers = timers;
        this.clock = clock;
    }

    /** Carries out one command line; never throws: a line it cannot carry out is answered {@code refused}. */
    void handle(String line) {
        try {
            carryOut(line);
        } catch (RuntimeException e) {
            log.atError().setCause(e).log("pool.command.failed");
            refuse(sessionNamedIn(line), "could not carry out the command: " + e);
        }
    }

    private void carryOut(String line) {
        PoolCommand command;
        try {
            command = PoolCommand.parse(line);
        } catch (RuntimeException e) {
            refuse(sessionNamedIn(line), "malformed command: " + e.getMessage());
            return;
        }
        switch (command.op()) {
            case START -> start(command);
            case STOP -> withRunning(command.session(), "stop", s -> s.stop("stop"));
            case KILL -> withRunning(command.session(), "kill", this::kill);
        }
    }

    private synchronized void start(PoolCommand command) {
        String id = command.session();
        if (stopping) {
            // the JVM is ending: like a runner asked to stop before it touched anything
            log.atInfo().addKeyValue("session", id).log("pool.session.start_while_stopping");
            events.emit(PoolEvent.exited(id, ExitCodes.OK, "pool stopping"));
            return;
        }
        RunnerContext context = RunnerContext.pooled(env, command.log(), clock.instant());
        PoolSession session = new PoolSession(id,
                new Runner(command.workspace(), groupDir, kinds, context), this::ended);
        if (running.putIfAbsent(id, session) != null) {
            log.atWarn().addKeyValue("session", id).log("pool.session.already_running");
            events.emit(PoolEvent.exited(id, ExitCodes.ALREADY_RUNNING, "already running in this pool"));
            return;
        }
        try {
            logs.open(id, command.log());
        } catch (RuntimeException e) {
            running.remove(id, session);
            log.atError().addKeyValue("session", id).addKeyValue("error", e.getMessage()).log("pool.session.log_failed");
            events.emit(PoolEvent.exited(id, ExitCodes.FATAL, e.getMessage()));
            return;
        }
        log.atInfo().addKeyValue("session", id).addKeyValue("workspace", command.workspace())
                .log("pool.session.start");
        try {
            session.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            // no thread for it (the JVM's thread limit): this session ends, the pool carries on
            logs.close(id);
            running.remove(id, session);
            log.atError().addKeyValue("session", id).addKeyValue("error", e.toString()).log("pool.session.thread_failed");
            events.emit(PoolEvent.exited(id, ExitCodes.FATAL, "could not start its thread: " + e));
        }
    }

    private void kill(PoolSession session) {
        session.kill("kill");
        timers.schedule(() -> {
            if (!session.hasEnded()) {
                log.atError().addKeyValue("session", session.id()).addKeyValue("grace_ms", KILL_GRACE_MILLIS)
                        .log("pool.kill.timeout.halting");
                Runtime.getRuntime().halt(ExitCodes.FATAL);
            }
        }, KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void withRunning(String id, String op, java.util.function.Consumer<PoolSession> action) {
        PoolSession s = running.get(id);
        if (s == null) {
            refuse(id, op + ": session " + id + " is not running in this pool");
            return;
        }
        log.atInfo().addKeyValue("session", id).addKeyValue("op", op).log("pool.session." + op);
        action.accept(s);
    }

    /** On the session's thread, after its run released everything. */
    private void ended(PoolSession session, MainLoop.Exit exit) {
        try {
            logs.close(session.id());
            log.atInfo().addKeyValue("session", session.id()).addKeyValue("code", exit.code())
                    .addKeyValue("reason", exit.reason()).log("pool.session.exited");
        } finally {
            running.remove(session.id(), session);
            events.emit(PoolEvent.exited(session.id(), exit.code(), exit.reason()));
        }
    }

    /** Answers a line that cannot be carried out; {@code session} when the line named one, else null. */
    void refuse(String session, String reason) {
        var line = log.atWarn();
        if (session != null) {
            line = line.addKeyValue("session", session);
        }
        line.addKeyValue("reason", reason).log("pool.refused");
        events.emit(PoolEvent.refused(session, reason));
    }

    /** Asks every running session to stop as {@code reason}, and answers any later start so; returns at once. */
    synchronized void stopAll(String reason) {
        stopping = true;
        running.values().forEach(s -> s.stop(reason));
    }

    /** Waits up to {@code millis} for every session to end; true when none is left. */
    boolean awaitAllEnded(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (PoolSession s : new ArrayList<>(running.values())) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !s.awaitEnd(left)) {
                return false;
            }
        }
        return running.isEmpty();
    }

    /** The sessions running now, for the log. */
    List<String> runningIds() {
        return List.copyOf(running.keySet());
    }

    /** The {@code session} field of a line that did not parse as a command, or null. */
    private static String sessionNamedIn(String line) {
        try {
            return Json.text(Json.parse(line), "session");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
