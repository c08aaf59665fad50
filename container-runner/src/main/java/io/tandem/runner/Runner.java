package io.tandem.runner;

import io.tandem.runner.agent.AgentEndpoint;
import io.tandem.runner.agent.AgentKinds;
import io.tandem.runner.agent.AgentConnection;
import io.tandem.runner.agent.AgentStarter;
import io.tandem.runner.loop.AbandonedAcks;
import io.tandem.runner.loop.Heartbeat;
import io.tandem.runner.loop.InboundWatcher;
import io.tandem.runner.loop.LoopEvents;
import io.tandem.runner.loop.LoopSettings;
import io.tandem.runner.loop.MainLoop;
import io.tandem.runner.loop.StdinEofWatch;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundStore;
import io.tandem.runner.store.AckPruner;
import io.tandem.runner.store.OutboundRetention;
import io.tandem.schema.TandemException;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner's life, in the order the contract fixes: read {@code container.json}, take
 * {@code out/runner.lock} (exit 6 and touch nothing else if another runner holds it), create or
 * open {@code outbound.db}, {@code outbox/}, {@code .heartbeat}, refuse a too-new inbound.db
 * (exit 5), prune the acks the host has synced, note the processing acks a dead predecessor
 * abandoned (their messages are processed again at once), start the heartbeat, the stdin lifeline and the agent, then
 * run the {@link MainLoop}. Whatever ends the run, the agent is stopped, both connections are
 * closed and the lock is released before the process exits.
 *
 * <p>The same class runs a session inside a shared runner JVM, many instances at once: what it
 * takes from its process (lifeline, signal hook, agent environment, agent stderr) comes from its
 * {@link RunnerContext}, and the pool ends it with {@link #requestStop} or {@link #kill}.
 */
public final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final SessionPaths paths;
    private final Path groupDir;
    private final AgentKinds kinds;
    private final RunnerContext context;
    private final LoopEvents events = new LoopEvents();
    private volatile AgentConnection agent;

    public Runner(Path workspace, Path groupDir) {
        this(workspace, groupDir, AgentKinds.standard());
    }

    /** @param kinds the agent kinds this runner can start ({@link AgentKinds#standard()} in production) */
    public Runner(Path workspace, Path groupDir, AgentKinds kinds) {
        this(workspace, groupDir, kinds, RunnerContext.standalone());
    }

    /** @param context a runner process of its own or a session of a shared runner JVM */
    public Runner(Path workspace, Path groupDir, AgentKinds kinds, RunnerContext context) {
        this.paths = new SessionPaths(workspace);
        this.groupDir = groupDir;
        this.kinds = kinds;
        this.context = context;
    }

    /** Runs the session and returns the process exit code (see {@link ExitCodes}). */
    public int run() {
        return execute().code();
    }

    /** Runs the session; returns its exit code (see {@link ExitCodes}) and why it ended. */
    public MainLoop.Exit execute() {
        ContainerSpec spec;
        try {
            spec = ContainerSpec.read(paths.containerJson());
            Files.createDirectories(paths.outDir());
        } catch (Exception e) {
            log.atError().addKeyValue("workspace", paths.root()).addKeyValue("error", e.toString())
                    .log("runner.start.failed");
            return new MainLoop.Exit(ExitCodes.FATAL, "start failed: " + e);
        }
        String sessionId = spec.sessionId() != null && !spec.sessionId().isBlank() ? spec.sessionId()
                : paths.root().getFileName().toString();
        ExclusiveFileLock lock;
        try {
            Optional<ExclusiveFileLock> taken = ExclusiveFileLock.tryAcquire(paths.runnerLock());
            if (taken.isEmpty()) {
                reportHeld(sessionId);
                return new MainLoop.Exit(ExitCodes.ALREADY_RUNNING, "another runner holds runner.lock");
            }
            lock = taken.get();
            lock.writePid(ProcessHandle.current().pid());
        } catch (Exception e) {
            log.atError().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("runner.lock.failed");
            return new MainLoop.Exit(ExitCodes.FATAL, "runner.lock: " + e);
        }
        ShutdownCoordinator shutdown = new ShutdownCoordinator(events, () -> {
            AgentConnection a = agent;
            return a == null ? null : a::kill;
        });
        if (context.signalHook()) {
            shutdown.install();
        }
        long commitsBefore = Sql.commitsOnThisThread();
        int code = ExitCodes.FATAL;
        String reason = "error";
        try (Resources r = new Resources()) {
            MainLoop.Exit exit = runLocked(spec, sessionId, r);
            code = exit.code();
            reason = exit.reason();
        } catch (TandemException e) {
            log.atError().addKeyValue("session", sessionId).addKeyValue("code", e.code())
                    .addKeyValue("error", e.getMessage()).log("runner.refused");
            code = e.exitCode();
            reason = e.code();
        } catch (Exception e) {
            log.atError().addKeyValue("session", sessionId).setCause(e).log("runner.failed");
            code = ExitCodes.FATAL;
            reason = e.toString();
        } finally {
            closeQuietly(lock);
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("code", code).addKeyValue("reason", reason)
                    .addKeyValue("commits", context.pooled() ? Sql.commitsOnThisThread() - commitsBefore : Sql.commits())
                    .log("runner.exit");
            shutdown.finished(code);
        }
        return new MainLoop.Exit(code, reason);
    }

    /**
     * Says who holds {@code runner.lock}: on stderr for a runner process of its own (the host
     * files it in the session's log), as a log line (the session's log) in a shared JVM.
     */
    private void reportHeld(String sessionId) {
        Optional<Long> pid = ExclusiveFileLock.readPid(paths.runnerLock());
        if (!context.pooled()) {
            String holder = pid.map(p -> " (pid " + p + ")").orElse("");
            System.err.println("tandem-runner: another runner" + holder + " holds " + paths.runnerLock());
            return;
        }
        log.atWarn().addKeyValue("session", sessionId).addKeyValue("holder_pid", pid.orElse(-1L))
                .addKeyValue("lock", paths.runnerLock()).log("runner.already_running");
    }

    /** Housekeeping, never fatal: a failure is logged and the runner carries on. */
    private static void retainAtStart(OutboundRetention retention, String sessionId) {
        try {
            retention.run(java.time.Instant.now());
        } catch (java.sql.SQLException e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("retention.outbound_failed");
        }
    }

    private MainLoop.Exit runLocked(ContainerSpec spec, String sessionId, Resources r) throws Exception {
        LoopSettings settings = LoopSettings.from(spec);
        Durability durability = Durability.fromWire(
                spec.storage() == null || spec.storage().durability() == null ? "power" : spec.storage().durability());
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("pid", ProcessHandle.current().pid())
                .addKeyValue("workspace", paths.root()).addKeyValue("since_spawn_ms", sinceSpawnMs())
                .log("runner.start");

        OutboundStore outbound = r.add(OutboundStore.open(paths.outboundDb(), durability));
        Files.createDirectories(paths.outbox());
        Heartbeat heartbeat = r.add(new Heartbeat(paths.heartbeat(), settings.heartbeatIntervalMs(), sessionId));
        heartbeat.touch();
        InboundReader inbound = r.add(new InboundReader(paths.inboundDb(), sessionId));
        inbound.read(c -> Boolean.TRUE); // refuses a too-new inbound.db (TANDEM-E005); unreadable is fine
        new AckPruner(inbound, outbound, sessionId).prune();
        if (spec.runner() != null) {
            spec.runner().messageRetention().ifPresent(keep -> retainAtStart(
                    new OutboundRetention(inbound, outbound, paths.outbox(), sessionId, keep), sessionId));
        }
        // under runner.lock: every processing ack left in the file is a dead predecessor's
        AbandonedAcks abandoned = AbandonedAcks.load(outbound);
        if (abandoned.size() > 0) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("acks", abandoned.size())
                    .log("acks.abandoned");
        }
        heartbeat.start();
        if (context.lifeline() != null) {
            StdinEofWatch.start(context.lifeline(), () -> stop(ExitCodes.OK, "stdin.eof"));
        }

        AgentStarter starter = generation -> {
            AgentEndpoint endpoint = kinds.start(spec.agent(), paths.root(), groupDir, sessionId, context.agentEnv(),
                    context.agentStderr());
            AgentConnection started = AgentConnection.start(endpoint, lines -> events.agentOutput(generation, lines));
            agent = started;
            log.atInfo().addKeyValue("session", sessionId)
                    .addKeyValue("kind", spec.agent() == null ? "echo" : spec.agent().kind())
                    .addKeyValue("agent", endpoint.label()).addKeyValue("generation", generation)
                    .addKeyValue("since_spawn_ms", sinceSpawnMs()).log("agent.started");
            return started;
        };
        r.add(() -> {
            AgentConnection a = agent;
            if (a != null) {
                a.close();
            }
        });
        if (settings.watch()) {
            InboundWatcher watcher = InboundWatcher.start(paths.root(), events::wake, sessionId);
            if (watcher != null) {
                r.add(watcher);
                events.markWatched();
            }
        }
        return new MainLoop(sessionId, spec, settings,
                new MainLoop.Files(groupDir, paths.outbox(), durability), inbound, outbound, starter, events, abandoned).run();
    }

    /**
     * Milliseconds since this run was asked for (a process's kernel start time, 10 ms resolution;
     * a pooled session's start command), for the start-up log lines an operator reads to see where
     * a cold start goes; -1 if unknown.
     */
    private long sinceSpawnMs() {
        return context.spawnedAt() == null ? -1L
                : java.time.Duration.between(context.spawnedAt(), java.time.Instant.now()).toMillis();
    }

    /**
     * Stops the run as stdin EOF or SIGTERM would (the loop ends, the agent is asked to end, files
     * are closed, the lock released; exit code 0). Any thread, any time, also before {@link #run}.
     */
    public void requestStop(String reason) {
        stop(ExitCodes.OK, reason);
    }

    /**
     * Stops the run now: the agent is killed at once (an exec agent's process tree forcibly) and the
     * loop told to end with {@link ExitCodes#FATAL}, as a run ended by SIGKILL is not clean.
     */
    public void kill(String reason) {
        events.stop(ExitCodes.FATAL, reason);
        AgentConnection a = agent;
        if (a != null) {
            a.kill();
        }
    }

    /** Stop request from another thread: the loop ends, and the agent is stopped at once. */
    private void stop(int code, String reason) {
        events.stop(code, reason);
        AgentConnection a = agent;
        if (a != null) {
            a.stop();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing at exit; the process ends either way
        }
    }

    /** Closes what the run opened, in reverse order (watcher, agent, reader, heartbeat, outbound). */
    private static final class Resources implements AutoCloseable {
        private final java.util.ArrayDeque<AutoCloseable> stack = new java.util.ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            stack.push(resource);
            return resource;
        }

        @Override
        public void close() {
            while (!stack.isEmpty()) {
                closeQuietly(stack.pop());
            }
        }
    }
}
