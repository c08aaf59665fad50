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
 */
public final class Runner {
    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final SessionPaths paths;
    private final Path groupDir;
    private final AgentKinds kinds;
    private final LoopEvents events = new LoopEvents();
    private volatile AgentConnection agent;

    public Runner(Path workspace, Path groupDir) {
        this(workspace, groupDir, AgentKinds.standard());
    }

    /** @param kinds the agent kinds this runner can start ({@link AgentKinds#standard()} in production) */
    public Runner(Path workspace, Path groupDir, AgentKinds kinds) {
        this.paths = new SessionPaths(workspace);
        this.groupDir = groupDir;
        this.kinds = kinds;
    }

    /** Runs the session and returns the process exit code (see {@link ExitCodes}). */
    public int run() {
        ContainerSpec spec;
        try {
            spec = ContainerSpec.read(paths.containerJson());
            Files.createDirectories(paths.outDir());
        } catch (Exception e) {
            log.atError().addKeyValue("workspace", paths.root()).addKeyValue("error", e.toString())
                    .log("runner.start.failed");
            return ExitCodes.FATAL;
        }
        String sessionId = spec.sessionId() != null && !spec.sessionId().isBlank() ? spec.sessionId()
                : paths.root().getFileName().toString();
        ExclusiveFileLock lock;
        try {
            Optional<ExclusiveFileLock> taken = ExclusiveFileLock.tryAcquire(paths.runnerLock());
            if (taken.isEmpty()) {
                String holder = ExclusiveFileLock.readPid(paths.runnerLock()).map(p -> " (pid " + p + ")").orElse("");
                System.err.println("tandem-runner: another runner" + holder + " holds " + paths.runnerLock());
                return ExitCodes.ALREADY_RUNNING;
            }
            lock = taken.get();
            lock.writePid(ProcessHandle.current().pid());
        } catch (Exception e) {
            log.atError().addKeyValue("session", sessionId).addKeyValue("error", e.toString())
                    .log("runner.lock.failed");
            return ExitCodes.FATAL;
        }
        ShutdownCoordinator shutdown = new ShutdownCoordinator(events, () -> {
            AgentConnection a = agent;
            return a == null ? null : a::kill;
        });
        shutdown.install();
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
                    .addKeyValue("commits", Sql.commits()).log("runner.exit");
            shutdown.finished(code);
        }
        return code;
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
        StdinEofWatch.start(System.in, () -> stop(ExitCodes.OK, "stdin.eof"));

        AgentStarter starter = generation -> {
            AgentEndpoint endpoint = kinds.start(spec.agent(), paths.root(), groupDir, sessionId, System.getenv());
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
            }
        }
        return new MainLoop(sessionId, spec, settings,
                new MainLoop.Files(groupDir, paths.outbox(), durability), inbound, outbound, starter, events, abandoned).run();
    }

    /**
     * Milliseconds since this process was spawned (the kernel's start time, 10 ms resolution), for
     * the start-up log lines an operator reads to see where a cold start goes; -1 if unknown.
     */
    static long sinceSpawnMs() {
        return ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
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
