package io.tandem.host.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One session's run inside a shared runner JVM ({@link RunnerPool}), seen by the host as if it
 * were a runner process of its own, so the supervisor, the monitor and recovery treat both alike.
 * Its exit is the session's {@code exited} event (the runner's exit codes), or the pool JVM's death
 * (its exit value, 1 if that was 0: a session that never said it ended did not end cleanly).
 * {@link #destroy()} and closing {@link #getOutputStream()} send {@code stop};
 * {@link #destroyForcibly()} sends {@code kill}. It deliberately has no {@link ProcessHandle}
 * ({@link #toHandle()} throws, {@link #descendants()} is empty): the pool's pid and children belong
 * to every session of the group, and a signal or a descendants sweep aimed at one session must
 * never reach the others. The exit future completes exactly once.
 */
public final class PooledRunner extends Process {
    private final String sessionId;
    private final RunnerPool pool;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final OutputStream lifeline = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("session " + sessionId + " runs in a shared runner JVM and takes no input; "
                    + "closing this stream stops it");
        }

        @Override
        public void close() {
            destroy();
        }
    };

    PooledRunner(String sessionId, RunnerPool pool) {
        this.sessionId = sessionId;
        this.pool = pool;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Ends this session's run with {@code code}; false when it had already ended. */
    boolean exited(int code) {
        return exit.complete(code);
    }

    /** The pool JVM's pid (shared with the group's other sessions; also what {@code runner.lock} names). */
    @Override
    public long pid() {
        return pool.pid();
    }

    @Override
    public OutputStream getOutputStream() {
        return lifeline;
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the exit of a pooled session never fails", e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the exit of a pooled session never fails", e);
        }
    }

    @Override
    public int exitValue() {
        Integer code = exit.getNow(null);
        if (code == null) {
            throw new IllegalThreadStateException("session " + sessionId + " is still running");
        }
        return code;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    /** Asks the session to stop cleanly ({@code stop}: finish, close, release its lock, exit 0). */
    @Override
    public void destroy() {
        if (isAlive()) {
            pool.stop(this);
        }
    }

    /** Stops the session now ({@code kill}: its agent killed at once; the pool halts if it does not end in time). */
    @Override
    public Process destroyForcibly() {
        if (isAlive()) {
            pool.kill(this);
        }
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** Completes (asynchronously, as a process's own does) after the session's run ended. */
    @Override
    public CompletableFuture<Process> onExit() {
        return exit.thenApplyAsync(code -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        throw new UnsupportedOperationException("session " + sessionId + " shares runner JVM " + pool.pid()
                + " with other sessions of its group: it has no process handle of its own");
    }

    @Override
    public Stream<ProcessHandle> children() {
        return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty();
    }

    @Override
    public String toString() {
        return "PooledRunner[session=" + sessionId + ", pid=" + pid() + ", exit=" + exit.getNow(null) + "]";
    }
}
