package io.tandem.host;

import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.agent.A2aCap;
import io.tandem.host.channels.agent.AgentChannel;
import io.tandem.host.channels.http.EventLog;
import io.tandem.host.approvals.ApprovalClicks;
import io.tandem.host.approvals.ApprovalHooks;
import io.tandem.host.approvals.ChannelApprovals;
import io.tandem.host.approvals.CommandDenials;
import io.tandem.host.approvals.SenderApprovals;
import io.tandem.host.approvals.requests.AgentRequests;
import io.tandem.host.approvals.requests.RequestApprovalAction;
import io.tandem.host.channels.http.HttpChannel;
import io.tandem.host.channels.telegram.TelegramChannel;
import io.tandem.host.admin.AdminServer;
import io.tandem.host.admin.Readiness;
import io.tandem.host.admin.api.AdminApi;
import io.tandem.host.admin.api.SessionServices;
import io.tandem.host.messages.ConversationTail;
import io.tandem.host.messages.FailedMessages;
import io.tandem.host.status.HostStatus;
import io.tandem.host.status.RecentLogEvents;
import io.tandem.host.status.SessionStats;
import io.tandem.host.admin.api.HostEffects;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.central.Housekeeping;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.containers.ContainerSpecFactory;
import io.tandem.host.containers.DestinationProjection;
import io.tandem.host.containers.BwrapRuntime;
import io.tandem.host.containers.DockerRuntime;
import io.tandem.host.containers.InstallId;
import io.tandem.host.containers.ContainerRuntime;
import io.tandem.host.containers.ProcessRuntime;
import io.tandem.host.containers.RunnerJvm;
import io.tandem.host.containers.SharedProcessRuntime;
import io.tandem.host.containers.Runtimes;
import io.tandem.host.containers.RunnerLauncher;
import io.tandem.host.containers.RunnerMonitor;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.containers.SlotPolicy;
import io.tandem.host.delivery.CentralPendingQuestions;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.delivery.RecordDeferral;
import io.tandem.host.delivery.OutboundWatcher;
import io.tandem.host.delivery.SystemAction;
import io.tandem.host.delivery.TypingIndicator;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.questions.HostClicks;
import io.tandem.host.questions.QuestionClicks;
import io.tandem.host.questions.QuestionExpiryPass;
import io.tandem.host.routing.Router;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.Quarantine;
import io.tandem.host.session.SessionQuarantines;
import io.tandem.host.session.SessionConnections;
import io.tandem.host.session.SessionController;
import io.tandem.host.lifecycle.CrashLoop;
import io.tandem.host.lifecycle.StartHistory;
import io.tandem.host.retention.RetentionPass;
import io.tandem.host.sweep.SweepVerticle;
import io.tandem.host.sweep.Timers;
import io.tandem.host.tasks.Recurrences;
import io.tandem.host.tasks.TaskActions;
import io.tandem.host.tasks.TaskService;
import io.tandem.host.tasks.TaskZones;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.TandemException;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running host: takes {@code host.lock}, migrates central, rolls back hot journals, then
 * starts lanes, adapters, delivery, the runner monitor and the sweep, and stops them in order
 * (intake first, runners last but one, the lock last).
 */
public final class HostDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostDaemon.class);
    /** An address in the configuration cannot be bound (taken, or not an address of this host). */
    public static final String CANNOT_LISTEN = "TANDEM-E006";
    public static final int CANNOT_LISTEN_EXIT = 6;

    private final TandemConfig config;
    private final DataFolder data;
    private final HostLock lock;
    private final CentralDb central;
    private final SessionLanes lanes;
    private final Timers timers;
    private final Vertx vertx;
    private static final String WAKE_ADDRESS = "tandem.session.wake";
    /** When the first retention pass runs after a start. */
    private static final Duration RETENTION_FIRST = Duration.ofMinutes(10);
    /** How often expired adapter state (dedupe keys, http event log entries) is purged. */
    private static final Duration HOUSEKEEPING_PERIOD = Duration.ofMinutes(10);
    private final SessionController controller;
    private final TaskService tasks;
    private final Quarantine quarantine;
    private final InboundDb inbound;
    /** A session's cached connections unused this long are closed (its runner is idle or gone). */
    private static final Duration CONNECTION_IDLE = Duration.ofMinutes(2);
    private final OutboundWatcher watcher;
    private final HttpChannel http;
    /** Null unless {@code adapters.telegram.enabled}. */
    private final TelegramChannel telegram;
    /** Every channel hands its card clicks (question answers, approval decisions) to this one. */
    private final ActionClicks clicks;
    private final AdminServer admin;
    private final SweepVerticle sweep;
    private final ChannelRegistry adapters;
    private final Readiness readiness;
    /** The process runner JVM's start-up cache (SQLite library, AppCDS archive), per-session or shared. */
    private final RunnerJvm runnerJvm;
    private final RunnerScheduler scheduler;
    /** Expires unanswered questions on time (its timer), at start and every {@code sweep.interval}. */
    private final QuestionExpiryPass questionExpiry;
    /** The last WARN/ERROR events, for {@code tandem status}. */
    private final RecentLogEvents recentErrors;
    private final HostMetrics metrics;
    /** process, bwrap and docker; a group's runners start under its own or the default. */
    private final Runtimes runtimes;
    private boolean stopped;

    private HostDaemon(TandemConfig config, DataFolder data, HostLock lock, CentralDb central, Clock clock)
            throws Exception {
        this.config = config;
        this.data = data;
        this.lock = lock;
        this.central = central;
        Path dataDir = data.root();
        CentralStores store = CentralStores.sqlite(clock);
        this.quarantine = new Quarantine(clock);
        quarantine.loadMarkers(dataDir);
        this.inbound = new InboundDb(config.durability(), quarantine,
                new SessionConnections(config.sessions().openConnections(), config.durability(), clock));
        Path runnerJar = ProcessRuntime.locateRunnerJar(config.containers().runnerJar());
        this.runnerJvm = RunnerJvm.inCache(dataDir.resolve("cache"), runnerJar,
                config.containers().processJvmArgs());
        ContainerRuntime process = config.containers().shared()
                ? new SharedProcessRuntime(runnerJar, runnerJvm, dataDir.resolve("logs"), SharedProcessRuntime.LINGER,
                        System.getenv())
                : new ProcessRuntime(config.containers(), runnerJar, runnerJvm);
        this.runtimes = new Runtimes(config.containers().runtime(), List.of(process,
                new BwrapRuntime(config.containers().bwrapBinary(), runnerJar, config.containers().jvmArgs()),
                new DockerRuntime(config.containers().docker().binary(), config.containers().docker().image(),
                        InstallId.readOrCreate(dataDir), DockerRuntime.ownerOf(dataDir), config.containers().jvmArgs(),
                        System.getenv())));
        this.lanes = new SessionLanes(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
        this.metrics = HostMetrics.prometheus();
        metrics.lanes(lanes::activeLanes, lanes::queuedTasks);
        this.timers = new Timers(clock);
        this.vertx = Vertx.vertx();
        this.adapters = new ChannelRegistry();
        // Delivery asks for wakes over the event bus: the controller depends on the supervisor,
        // the supervisor on the watcher, the watcher on delivery; the bus breaks that cycle.
        TaskZones zones = new TaskZones(config.timezone());
        Recurrences recurrences = new Recurrences(zones);
        this.tasks = new TaskService(inbound, lanes, sessionId -> vertx.eventBus().send(WAKE_ADDRESS, sessionId),
                zones, clock);
        TypingIndicator typing = new TypingIndicator(adapters, clock);
        AgentRequests requests = new AgentRequests(dataDir, central, store, lanes, inbound,
                sessionId -> vertx.eventBus().send(WAKE_ADDRESS, sessionId), adapters, timers, config.questionsTtl(),
                clock);
        Map<String, SystemAction> systemActions = new LinkedHashMap<>(TaskActions.of(tasks));
        systemActions.put(RequestApprovalAction.NAME, requests.action());
        this.questionExpiry = new QuestionExpiryPass(central, store, dataDir, lanes, inbound,
                sessionId -> vertx.eventBus().send(WAKE_ADDRESS, sessionId), adapters, timers, clock);
        DeliveryService delivery = new DeliveryService(lanes, inbound, adapters,
                sessionId -> vertx.eventBus().send(WAKE_ADDRESS, sessionId), clock, config.delivery().maxAttempts(),
                new CentralPendingQuestions(central, questionExpiry::questionFiled), config.questionsTtl(),
                config.delivery().maxFile(), Map.copyOf(systemActions), recurrences, typing,
                config.sweep().maxTries(), metrics, recordDeferral(config.delivery().recordDelay()));
        delivery.setTimers((s, at) -> timers.arm("deliver:" + s.sessionId(), at, () -> delivery.kick(s)));
        this.watcher = new OutboundWatcher(delivery::kick, config.delivery().watch());
        RunnerSupervisor supervisor = new RunnerSupervisor(List.of(watcher, typing), clock, metrics);
        this.scheduler = new RunnerScheduler(
                new SlotPolicy(config.containers().maxRunning(), Duration.ZERO), clock,
                () -> quarantine.sessions().keySet());
        metrics.runners(() -> scheduler.running().size(), scheduler::waiting);
        this.controller = new SessionController(dataDir, central, store, lanes, inbound, scheduler, supervisor,
                new RunnerLauncher(dataDir, new ContainerSpecFactory(config), new DestinationProjection(inbound),
                        runtimes, supervisor), timers, clock, config.sweep().maxTries(), recurrences);
        vertx.eventBus().<String>localConsumer(WAKE_ADDRESS, m -> controller.wake(m.body()));
        adapters.register(new AgentChannel(dataDir, central, store, lanes, inbound, controller::wake,
                new A2aCap(config.a2a().maxPerMinute(), clock), clock));
        Router router = new Router(dataDir, central, store, lanes, inbound, controller, clock, config.dedupeTtl(),
                new ApprovalHooks(new SenderApprovals(adapters, clock), new ChannelApprovals(store, adapters, clock),
                        new CommandDenials(adapters, clock)), metrics);
        String adminToken = Files.readString(dataDir.resolve("admin.token"));
        ApprovalClicks approvalClicks = new ApprovalClicks(central, store, router, adminToken, adapters, clock);
        DestinationProjection projection = new DestinationProjection(inbound);
        HostEffects effects = new HostEffects(dataDir, central, store, lanes, projection, supervisor);
        this.clicks = new HostClicks(approvalClicks, requests.clicks(effects), new QuestionClicks(central, store,
                dataDir, lanes, inbound, controller, clock));
        this.http = new HttpChannel(config.http(), central, new EventLog(store.adapterState()), router, clock,
                approvalClicks, clicks, dataDir);
        adapters.register(http);
        this.telegram = config.telegram().enabled() ? new TelegramChannel(new TelegramChannel.TelegramConfigView(
                config.telegram(), config.questionsTtl(), config.dedupeTtl()),
                central, store.adapterState(), router, clicks, clock) : null;
        if (telegram != null) {
            adapters.register(telegram);
        }
        this.sweep = new SweepVerticle(dataDir, central, store, controller, delivery, config.sweep().interval(),
                SweepVerticle.DEFAULT_BACKSTOP, clock, metrics);
        this.readiness = new Readiness(dataDir, clock, config.admin(), config.sweep().interval(),
                sweep::lastCompleted, adapters.all(), quarantine::sessions);
        this.recentErrors = RecentLogEvents.install();
        HostStatus status = new HostStatus(new HostStatus.Parts(this::httpAddress, this::adminAddress, adapters,
                scheduler, sweep, quarantine::sessions, recentErrors), clock);
        this.admin = new AdminServer(config.adminBind(), readiness::report,
                new AdminApi(dataDir, central, store, effects, new SessionServices(tasks, new FailedMessages(inbound,
                        lanes, controller, delivery::kick), new ConversationTail(inbound, lanes, clock),
                        new SessionStats(inbound, lanes, clock), new SessionQuarantines(quarantine, lanes, clock,
                        s -> supervisor.terminate(s.sessionId(), HostMetrics.StopReason.QUARANTINED,
                                "session quarantined"),
                        s -> controller.request(s, "quarantined"))), status),
                Files.readString(dataDir.resolve("admin.token")), metrics);
        RunnerMonitor monitor = new RunnerMonitor(supervisor, central, store, delivery::kick, controller::tick,
                config.sweep().heartbeatStale(), clock);
        timers.every("runner-monitor", Duration.ofSeconds(1), monitor);
        timers.every("typing", Duration.ofSeconds(1), typing::tick);
        timers.every("connections-idle", Duration.ofSeconds(30), () -> inbound.connections().closeIdle(CONNECTION_IDLE));
        timers.every("housekeeping", HOUSEKEEPING_PERIOD, new Housekeeping(central, store.adapterState(), clock));
        // retention opens every session's inbound.db: not in the busy minutes after a start
        timers.every("retention", RETENTION_FIRST, RetentionPass.EVERY, new RetentionPass(dataDir, central, store,
                lanes, inbound, config.retention(), clock));
        timers.every("approval-expiry-backstop", config.sweep().interval(), requests.expiry());
        readiness.start();
    }

    /** Starts a host on {@code config}; throws {@code TandemException} with its exit code on refusal. */
    public static HostDaemon start(TandemConfig config, Clock clock) throws Exception {
        DataFolder data = new DataFolder(config.dataDir());
        data.create();
        HostLock lock = HostLock.acquire(config.dataDir());
        CentralDb central = null;
        try {
            data.ensureAdminToken();
            central = CentralDb.open(config.dataDir().resolve("central.db"), clock);
            CentralStores store = CentralStores.sqlite(clock);
            boolean created = central.call(c -> io.tandem.schema.db.Sql.tx(c, tx -> {
                store.sessions().resetContainerStatuses(tx);
                return EmbeddedDefaults.applyIfEmpty(tx, store);
            }));
            if (created) {
                Files.createDirectories(config.dataDir().resolve("groups").resolve(EmbeddedDefaults.GROUP));
                log.atInfo().addKeyValue("group", EmbeddedDefaults.GROUP).addKeyValue("chat", EmbeddedDefaults.CHAT)
                        .log("startup.embedded_defaults");
            }
            data.rollBackHotJournals();
            boolean unclean = Files.exists(config.dataDir().resolve("host.json"));
            CrashLoop.Verdict crashLoop = CrashLoop.decide(
                    new StartHistory(config.dataDir()).recordStart(unclean, clock.instant()), clock.instant(),
                    config.crashLoopStarts());
            HostDaemon d = new HostDaemon(config, data, lock, central, clock);
            d.holdIfCrashLooping(crashLoop, clock);
            try {
                d.startServices();
            } catch (Exception | Error e) {
                d.close();
                throw e;
            }
            return d;
        } catch (Exception | Error e) {
            if (central != null) {
                central.close();
            }
            lock.close();
            throw e;
        }
    }

    /** The crash-loop breaker: runners wait, the host serves and says why (issue 11 section 5). */
    private void holdIfCrashLooping(CrashLoop.Verdict v, Clock clock) {
        if (!v.holding()) {
            return;
        }
        Instant until = clock.instant().plus(v.hold());
        log.atWarn().addKeyValue("unclean_starts", v.recentUncleanStarts())
                .addKeyValue("window_min", CrashLoop.WINDOW.toMinutes()).addKeyValue("hold_s", v.hold().toSeconds())
                .addKeyValue("until", until)
                .addKeyValue("why", "the host was stopped uncleanly again and again; runners wait before they are "
                        + "spawned (messages are still accepted); a clean stop clears this")
                .log("startup.crash_loop");
        scheduler.holdSpawns(until);
        timers.arm("crash-loop-hold", until, () -> {
            log.atInfo().log("startup.crash_loop_hold_over");
            sweep.sweep();
        });
    }

    private void startServices() throws Exception {
        // before anything can wake a session: bwrap says now whether it works, docker's orphans go
        runtimes.prepare(central.call(c -> runtimes.inUse(c, CentralStores.sqlite(Clock.systemUTC()).groups())));
        listen(http, "adapters.http.bind", config.http().bind().toString());
        listen(admin, "admin.bind", config.adminBind().toString());
        vertx.deployVerticle(sweep).await(30, TimeUnit.SECONDS);
        timers.every("expiry:questions:backstop", config.sweep().interval(), questionExpiry);
        if (telegram != null) {
            telegram.start();
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("http", httpAddress());
        info.put("admin", adminAddress());
        info.put("data", data.root().toString());
        info.put("started_at", Timestamps.format(Instant.now()));
        data.writeHostJson(Json.write(info));
        runnerJvm.buildArchiveInBackground(); // only once this host is up: a refused start leaves nothing running
    }

    /** Deploys a listening verticle; a bind failure becomes a one-line error naming the key. */
    private void listen(io.vertx.core.VerticleBase verticle, String key, String address) throws Exception {
        try {
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new TandemException(CANNOT_LISTEN, CANNOT_LISTEN_EXIT, "cannot listen on " + address + " (" + key
                    + "): " + root.getMessage(), e);
        }
    }

    public String httpAddress() {
        return config.http().bind().host() + ":" + http.actualPort();
    }

    public String adminAddress() {
        return config.adminBind().host() + ":" + admin.actualPort();
    }

    public Path dataDir() {
        return data.root();
    }

    /** The card clicks every channel adapter is given (questions and approvals, DESIGN 5.7). */
    public ActionClicks clicks() {
        return clicks;
    }

    public SessionController sessions() {
        return controller;
    }

    /**
     * Quarantined sessions (id to reason) for readiness details. The admin readiness check takes
     * this as a {@code Supplier<Map<String, String>>}.
     */
    public Map<String, String> quarantinedSessions() {
        return quarantine.sessions();
    }

    /** Ordered stop: intake, sweep, runners (SIGTERM, shutdown.timeout, SIGKILL), then files and the lock. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.atInfo().log("shutdown.begin");
        readiness.close();
        if (telegram != null) {
            telegram.stop();
        }
        // Only a verticle that did deploy can be undeployed (a failed bind leaves an id behind).
        if (http.deploymentID() != null && vertx.deploymentIDs().contains(http.deploymentID())) {
            try {
                vertx.undeploy(http.deploymentID()).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.atWarn().setCause(e).log("shutdown.http_stop_failed");
            }
        }
        controller.shutdown(config.shutdownTimeout());
        runtimes.close(); // the shared runner JVMs end once their sessions are stopped
        runnerJvm.close();
        timers.close();
        try {
            watcher.close();
        } catch (Exception e) {
            log.atWarn().setCause(e).log("shutdown.watch_close_failed");
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.atWarn().setCause(e).log("shutdown.vertx_close_failed");
        }
        lanes.close();
        inbound.close();
        central.close();
        data.removeHostJson();
        new StartHistory(data.root()).clear();
        recentErrors.uninstall();
        metrics.close();
        try {
            lock.close();
        } catch (Exception e) {
            log.atWarn().setCause(e).log("shutdown.lock_release_failed");
        }
        log.atInfo().log("shutdown.done");
    }

    /**
     * Records wait for the session's next inbound transaction; a timer per record commits one that
     * is still waiting after {@code delay}, on the session's lane (one that an insert carried is
     * not waiting any more, and its timer does nothing).
     */
    private RecordDeferral recordDeferral(Duration delay) {
        if (delay.isZero()) {
            return RecordDeferral.OFF;
        }
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        return new RecordDeferral(delay, (s, write, at) -> timers.arm("record:" + n.incrementAndGet(), at, () -> {
            if (inbound.isDeferred(s.paths(), write)) {
                lanes.submit(s.sessionId(), () -> {
                    inbound.flushDeferred(s.paths(), write);
                    return null;
                });
            }
        }));
    }
}
