package io.tandem.runner;

/**
 * Every test of {@link RunnerMessageFlowTest} (the echo protocol in both echo modes, acks, state,
 * {@code /clear}, the fallback poll) with the session run by a shared runner JVM
 * ({@code --pool}) instead of a runner process of its own: the pool must not change what a
 * session does.
 */
class PooledRunnerMessageFlowTest extends RunnerMessageFlowTest {
    @Override
    SessionRunner startRunner(String name) throws Exception {
        return session.startPooledRunner(name);
    }

    @Override
    SessionRunner startRunner(String name, java.util.Map<String, String> env) throws Exception {
        return session.startPooledRunner(name, env);
    }
}
