package io.tandem.host.containers;

import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.metrics.HostMetrics.StopReason;
import io.tandem.host.session.SessionRef;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process supervision only (DESIGN 5.3): starts runner processes through the runtime, signals them
 * (SIGTERM to stop cleanly, SIGKILL with descendants for a stale one) and observes their exit. It
 * decides nothing: who may run is the scheduler's business, what a session needs is the session
 * controller's. Listeners (the outbound watcher) are given at construction.
 */
public final class RunnerSupervisor {
    private static final Logger log = LoggerFactory.getLogger(RunnerSupervisor.class);

    private final List<RunnerListener> listeners;
    private final Clock clock;
    private final Map<String, RunnerHandle> live = new ConcurrentHashMap<>();
    private final HostMetrics metrics;

    public RunnerSupervisor(List<RunnerListener> listeners, Clock clock) {
        this(listeners, clock, HostMetrics.none());
    }

    /** {@code metrics} counts spawns and the stops this host asked for, by reason. */
    public RunnerSupervisor(List<RunnerListener> listeners, Clock clock, HostMetrics metrics) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A runner's exit, as observed. */
    public record Exit(RunnerHandle handle, int code) {
    }

    /**
     * Starts the runner for {@code s} under {@code runtime}; the returned future completes when it
     * has exited (after the listeners were told). Throws if the process cannot be started.
     */
    public Started start(SessionRef s, ContainerRuntime runtime, RunnerSpawn spawn) throws IOException {
        Process p;
        try {
            p = runtime.start(spawn);
        } catch (IOException | RuntimeException e) {
            metrics.spawned(false);
            throw e;
        }
        metrics.spawned(true);
        RunnerHandle h = new RunnerHandle(s, p, clock.instant(), runtime);
        live.put(s.sessionId(), h);
        log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("pid", p.pid())
                .addKeyValue("runtime", runtime.kind().wire()).log("runner.spawned");
        listeners.forEach(l -> l.runnerStarted(s));
        CompletableFuture<Exit> exit = p.onExit().thenApply(done -> {
            live.remove(s.sessionId(), h);
            int code = done.exitValue();
            log.atInfo().addKeyValue("session", s.sessionId()).addKeyValue("pid", p.pid()).addKeyValue("exit", code)
                    .log("runner.exited");
            listeners.forEach(l -> l.runnerStopped(s));
            return new Exit(h, code);
        });
        return new Started(h, exit);
    }

    /** A started runner and its exit. */
    public record Started(RunnerHandle handle, CompletableFuture<Exit> exit) {
    }

    public List<RunnerHandle> handles() {
        return List.copyOf(live.values());
    }

    public Optional<RunnerHandle> handle(String sessionId) {
        return Optional.ofNullable(live.get(sessionId));
    }

    /** SIGTERM (EOF on stdin under bwrap and docker): the runner finishes cleanly and exits 0. */
    public void terminate(String sessionId, StopReason reason, String why) {
        RunnerHandle h = live.get(sessionId);
        if (h != null) {
            metrics.stopped(reason);
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("pid", h.process().pid())
                    .addKeyValue("why", why).log("runner.stop_requested");
            h.runtime().terminate(h.process());
        }
    }

    /** SIGKILL of the runner and its descendants (a stale runner); its exit then drives recovery. */
    public void kill(String sessionId, StopReason reason, String why) {
        RunnerHandle h = live.get(sessionId);
        if (h != null) {
            metrics.stopped(reason);
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("pid", h.process().pid())
                    .addKeyValue("why", why).log("runner.killed");
            h.runtime().kill(sessionId, h.process());
        }
    }

    /** SIGTERM to every runner, wait up to {@code grace}, then SIGKILL what remains with its descendants. */
    public void shutdown(Duration grace) {
        List<RunnerHandle> all = handles();
        all.forEach(h -> h.runtime().terminate(h.process()));
        long deadline = System.nanoTime() + grace.toNanos();
        for (RunnerHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !h.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    h.runtime().kill(h.session().sessionId(), h.process());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.runtime().kill(h.session().sessionId(), h.process());
            }
        }
    }
}
