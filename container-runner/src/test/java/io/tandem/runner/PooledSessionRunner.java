package io.tandem.runner;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A session run as the one session of a real shared runner JVM: the test's view is the same as of
 * a runner process of its own, except that stopping means the pool's {@code stop} line and the
 * exit code is the session's {@code exited} event. Waits for the pool's {@code ready} before the
 * start line, as the host does.
 */
final class PooledSessionRunner implements SessionRunner {
    private static final Duration READY = Duration.ofSeconds(30);

    private final PoolProcess pool;
    private final String session;
    private final Path log;

    private PooledSessionRunner(PoolProcess pool, String session, Path log) {
        this.pool = pool;
        this.session = session;
        this.log = log;
    }

    static PooledSessionRunner start(SessionFixture fixture, Path logs, String name) throws IOException {
        return start(fixture, logs, name, null);
    }

    /** As above with exactly {@code env} as the pool JVM's environment (null: inherited). */
    static PooledSessionRunner start(SessionFixture fixture, Path logs, String name, java.util.Map<String, String> env)
            throws IOException {
        Files.createDirectories(logs);
        PoolProcess pool = PoolProcess.start(fixture.group, logs.resolve(name + "-pool.log"), env);
        pool.awaitEvent(io.tandem.schema.pool.PoolEventKind.READY, 1, READY);
        Path log = logs.resolve(name + ".log");
        pool.start(fixture, log);
        return new PooledSessionRunner(pool, fixture.spec().sessionId(), log);
    }

    @Override
    public long pid() {
        return pool.pid();
    }

    @Override
    public boolean isAlive() {
        return pool.firstExit(session).isEmpty();
    }

    @Override
    public void terminate() {
        stop();
    }

    @Override
    public void closeStdin() {
        stop();
    }

    private void stop() {
        try {
            pool.stop(session);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int awaitExit(Duration atMost) {
        return pool.awaitExit(session, 1, atMost).code();
    }

    @Override
    public String log() {
        return ChildProcesses.readLog(log);
    }

    @Override
    public void close() throws IOException {
        pool.close();
        await("pool gone").atMost(Duration.ofSeconds(20)).until(() -> !pool.isAlive());
    }
}
