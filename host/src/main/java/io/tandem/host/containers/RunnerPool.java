package io.tandem.host.containers;

import io.tandem.schema.pool.PoolCommand;
import io.tandem.schema.pool.PoolEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared runner JVM ({@code tandem-runner --pool --group DIR}) and the sessions it runs for
 * the host. The host writes {@code start}/{@code stop}/{@code kill} lines to its stdin
 * ({@link PoolStdin}) and learns every session's end from its stdout ({@link PoolEventReader}).
 *
 * <p>Invariants: every {@link PooledRunner} handed out ends exactly once, and only when the JVM
 * no longer runs it (so its {@code runner.lock} is free): by its {@code exited} event, by a
 * {@code refused} line naming it (after a short grace for its own {@code exited}), or when the JVM
 * dies (its exit value, 1 if 0; a JVM that cannot be written to is killed, so a failed write ends
 * in its death). Once the pool is
 * {@code CLOSED} (idle for {@code linger}, broken, or the host stopping) it takes no new session
 * and has left the registry ({@code onGone}), so a start goes to a fresh JVM instead. Its stdin
 * closes {@code linger} after its last session ended, which ends the JVM.
 */
final class RunnerPool {
    private static final Logger log = LoggerFactory.getLogger(RunnerPool.class);
    /** The runner's exit code for "another runner holds this session". */
    private static final int ALREADY_RUNNING = 6;
    /** A session the JVM refused, or lost with a JVM that exited 0 without saying it ended. */
    private static final int FATAL = 1;
    /** The JVM halts itself 5 s after a kill it could not carry out; this is the host's own limit. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);
    /** The JVM halts itself 8 s after stdin EOF; this is the host's own limit. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(15);
    /** How long a run named by a refused line may still see its own {@code exited} line. */
    private static final Duration REFUSED_GRACE = Duration.ofSeconds(2);
    /** After the JVM died, how long its last events may still be read before its sessions are ended. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private enum State { OPEN, CLOSED, DEAD }

    private final SharedProcessRuntime.Key key;
    private final String group;
    private final Process process;
    private final PoolStdin stdin;
    private final ScheduledExecutorService timer;
    private final Duration linger;
    private final Consumer<RunnerPool> onGone;
    private final Map<String, PooledRunner> sessions = new HashMap<>();
    private State state = State.OPEN;
    private ScheduledFuture<?> lingerTask;

    private RunnerPool(SharedProcessRuntime.Key key, Process process, ScheduledExecutorService timer,
                       Duration linger, Consumer<RunnerPool> onGone) {
        this.key = key;
        this.group = key.groupDir().getFileName().toString();
        this.process = process;
        this.stdin = new PoolStdin(process.getOutputStream());
        this.timer = timer;
        this.linger = linger;
        this.onGone = onGone;
    }

    /**
     * Takes over a started JVM ({@link SharedProcessRuntime} launched it with stdin and stdout
     * pipes): its events are read from now on, and its death ends its sessions.
     */
    static RunnerPool open(SharedProcessRuntime.Key key, Process process, Path logFile, ScheduledExecutorService timer,
                           Duration linger, Consumer<RunnerPool> onGone) {
        RunnerPool pool = new RunnerPool(key, process, timer, linger, onGone);
        log.atInfo().addKeyValue("group", pool.group).addKeyValue("pid", pool.pid())
                .addKeyValue("api_key_env", key.passEnv().orElse("")).addKeyValue("log", logFile)
                .log("runner_pool.started");
        new PoolEventReader(process.getInputStream(), pool.group, pool::onEvent, pool::stdoutEnded).start();
        // a child that inherited the JVM's stdout could hold it open after the JVM died: its exit counts too
        process.onExit().thenRun(() -> pool.later(DRAIN, pool::died));
        return pool;
    }

    SharedProcessRuntime.Key key() {
        return key;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Starts {@code spawn}'s session in this JVM; null when this pool takes no new session (closed,
     * or the write failed because the JVM is gone): the caller starts a fresh pool.
     */
    PooledRunner attach(RunnerSpawn spawn) {
        String id = spawn.sessionId();
        PooledRunner r = new PooledRunner(id, this);
        synchronized (this) {
            if (state != State.OPEN) {
                return null;
            }
            if (lingerTask != null) {
                lingerTask.cancel(false);
                lingerTask = null;
            }
            if (sessions.containsKey(id)) {
                log.atWarn().addKeyValue("session", id).addKeyValue("group", group).addKeyValue("pid", pid())
                        .log("runner_pool.already_running");
                r.exited(ALREADY_RUNNING);
                return r;
            }
            sessions.put(id, r);
        }
        if (!send(PoolCommand.start(id, spawn.workspace().toAbsolutePath(), spawn.logFile().toAbsolutePath()))) {
            synchronized (this) {
                sessions.remove(id, r);
            }
            return null;
        }
        return r;
    }

    /** {@code stop} for {@code r}'s session (a failed write kills the JVM; its death then ends the session). */
    void stop(PooledRunner r) {
        send(PoolCommand.stop(r.sessionId()));
    }

    /**
     * {@code kill} for {@code r}'s session. The JVM halts itself when the session does not end
     * within 5 s; should even that not happen (a JVM that no longer reads its stdin), the host kills
     * the JVM after {@link #KILL_GRACE}: a kill always ends the session.
     */
    void kill(PooledRunner r) {
        send(PoolCommand.kill(r.sessionId()));
        later(KILL_GRACE, () -> {
            if (r.isAlive()) {
                killJvm("session " + r.sessionId() + " did not end within " + KILL_GRACE.toSeconds() + " s of kill");
            }
        });
    }

    /** No new sessions; stdin closed, so the JVM stops its sessions cleanly and exits (host stop). */
    void close() {
        synchronized (this) {
            if (lingerTask != null) {
                lingerTask.cancel(false);
                lingerTask = null;
            }
            if (state == State.OPEN) {
                state = State.CLOSED;
            }
        }
        onGone.accept(this);
        closeStdin();
    }

    /** Waits up to {@code grace} for the JVM to exit; false if it is still running. */
    boolean awaitExit(Duration grace) throws InterruptedException {
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL of the JVM and its children (every session of this pool ends with it). */
    void killJvm(String why) {
        log.atWarn().addKeyValue("group", group).addKeyValue("pid", pid()).addKeyValue("why", why)
                .log("runner_pool.killed");
        synchronized (this) {
            if (state == State.OPEN) {
                state = State.CLOSED;
            }
        }
        onGone.accept(this);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void onEvent(PoolEvent e) {
        switch (e.event()) {
            case READY -> log.atInfo().addKeyValue("group", group).addKeyValue("pid", e.pid()).log("runner_pool.ready");
            case EXITED -> end(e.session(), e.code(), e.reason());
            case REFUSED -> {
                log.atWarn().addKeyValue("group", group).addKeyValue("pid", pid())
                        .addKeyValue("session", e.session()).addKeyValue("reason", e.reason())
                        .log("runner_pool.refused");
                if (e.session() != null) {
                    refused(e.session(), e.reason());
                }
            }
        }
    }

    /**
     * A line naming a session was refused. A stop or kill that crossed the session's own end is
     * refused just before its {@code exited} line, which then ends the run with its real code; a run
     * still here after {@link #REFUSED_GRACE} is one the JVM does not have, and ends as failed.
     */
    private void refused(String sessionId, String reason) {
        PooledRunner r;
        synchronized (this) {
            r = sessions.get(sessionId);
        }
        if (r != null) {
            later(REFUSED_GRACE, () -> end(sessionId, r, FATAL, "refused by the shared runner JVM: " + reason));
        }
    }

    /** A session's run ended: its runner completes; the last one arms the idle close. */
    private void end(String sessionId, int code, String reason) {
        end(sessionId, null, code, reason);
    }

    /** As {@link #end(String, int, String)}, for run {@code only} when given (not a later run of the session). */
    private void end(String sessionId, PooledRunner only, int code, String reason) {
        PooledRunner r;
        synchronized (this) {
            r = only == null ? sessions.remove(sessionId) : sessions.remove(sessionId, only) ? only : null;
            if (r != null && sessions.isEmpty() && state == State.OPEN) {
                lingerTask = later(linger, this::lingerOver);
            }
        }
        if (r == null) {
            log.atDebug().addKeyValue("session", sessionId).addKeyValue("group", group).addKeyValue("exit", code)
                    .log("runner_pool.exit_of_unknown_session");
            return;
        }
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("group", group).addKeyValue("pid", pid())
                .addKeyValue("exit", code).addKeyValue("reason", reason).log("runner_pool.session_ended");
        r.exited(code);
    }

    private void lingerOver() {
        synchronized (this) {
            if (state != State.OPEN || !sessions.isEmpty()) {
                return;
            }
            state = State.CLOSED;
            lingerTask = null;
        }
        log.atInfo().addKeyValue("group", group).addKeyValue("pid", pid()).addKeyValue("idle_s", linger.toSeconds())
                .log("runner_pool.idle_close");
        onGone.accept(this);
        closeStdin();
    }

    private void closeStdin() {
        stdin.close();
        later(EXIT_GRACE, () -> {
            if (process.isAlive()) {
                killJvm("still running " + EXIT_GRACE.toSeconds() + " s after its stdin closed");
            }
        });
    }

    /**
     * Writes one command line; false when it cannot. A JVM that cannot be written to (gone, or no
     * longer reading) is killed, so its death ends its sessions: a session ends only once its JVM
     * no longer runs it, which keeps "exited" meaning "lock released". After the host closed stdin
     * on purpose the JVM is already stopping every session, and nothing more is done.
     */
    private boolean send(PoolCommand c) {
        PoolStdin.Outcome o = stdin.send(c);
        if (o == PoolStdin.Outcome.SENT) {
            return true;
        }
        var line = o == PoolStdin.Outcome.CLOSED ? log.atInfo() : log.atWarn().addKeyValue("error", stdin.lastError());
        line.addKeyValue("session", c.session()).addKeyValue("group", group).addKeyValue("pid", pid())
                .addKeyValue("op", c.op().wire()).log(o == PoolStdin.Outcome.CLOSED ? "runner_pool.closing_not_sent"
                        : "runner_pool.write_failed");
        if (o == PoolStdin.Outcome.FAILED) {
            killJvm("its stdin cannot be written to");
        }
        return false;
    }

    /** Runs {@code task} after {@code delay} on the runtime's timer; null once the host stopped it. */
    private ScheduledFuture<?> later(Duration delay, Runnable task) {
        try {
            return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Stdout reached EOF: the JVM is ending (or a child keeps the pipe; then its exit ends the sessions). */
    private void stdoutEnded() {
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                killJvm("closed its stdout but did not exit");
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        died();
    }

    /** The JVM is gone: every session it still ran ends with its exit value (1 if that was 0). */
    private void died() {
        List<PooledRunner> left;
        synchronized (this) {
            if (state == State.DEAD) {
                return;
            }
            state = State.DEAD;
            if (lingerTask != null) {
                lingerTask.cancel(false);
                lingerTask = null;
            }
            left = new ArrayList<>(sessions.values());
            sessions.clear();
        }
        onGone.accept(this);
        int code = process.exitValue();
        int sessionCode = code == 0 ? FATAL : code;
        var line = left.isEmpty() && code == 0 ? log.atInfo() : log.atWarn();
        line.addKeyValue("group", group).addKeyValue("pid", pid()).addKeyValue("exit", code)
                .addKeyValue("sessions_ended", left.size()).log("runner_pool.exited");
        for (PooledRunner r : left) {
            log.atWarn().addKeyValue("session", r.sessionId()).addKeyValue("group", group).addKeyValue("pid", pid())
                    .addKeyValue("exit", sessionCode).log("runner_pool.session_lost");
            r.exited(sessionCode);
        }
    }
}
