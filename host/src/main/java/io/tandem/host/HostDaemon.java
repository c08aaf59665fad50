package io.tandem.host;

import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.http.EventLog;
import io.tandem.host.approvals.ApprovalClicks;
import io.tandem.host.approvals.ApprovalHooks;
import io.tandem.host.approvals.ChannelApprovals;
import io.tandem.host.approvals.CommandDenials;
import io.tandem.host.approvals.SenderApprovals;
import io.tandem.host.channels.http.HttpChannel;
import io.tandem.host.channels.telegram.TelegramChannel;
import io.tandem.host.admin.AdminServer;
import io.tandem.host.admin.Readiness;
import io.tandem.host.admin.api.AdminApi;
import io.tandem.host.admin.api.SessionServices;
import io.tandem.host.messages.FailedMessages;
import io.tandem.host.admin.api.HostEffects;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.central.Housekeeping;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.containers.ContainerSpecFactory;
import io.tandem.host.containers.DestinationProjection;
import io.tandem.host.containers.ProcessRuntime;
import io.tandem.host.containers.RunnerLauncher;
import io.tandem.host.containers.RunnerMonitor;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.containers.SlotPolicy;
import io.tandem.host.delivery.CentralPendingQuestions;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.delivery.OutboundWatcher;
import io.tandem.host.delivery.TypingIndicator;
import io.tandem.host.questions.HostClicks;
import io.tandem.host.questions.QuestionClicks;
import io.tandem.host.routing.Router;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.Quarantine;
import io.tandem.host.session.SessionQuarantines;
import io.tandem.host.session.SessionConnections;
import io.tandem.host.session.SessionController;
import io.tandem.host.lifecycle.CrashLoop;
import io.tandem.host.lifecycle.StartHistory;
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
    private final ProcessRuntime runtime;
    private final RunnerScheduler scheduler;
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
        this.runtime = ProcessRuntime.forDataDir(config.containers(),
                ProcessRuntime.locateRunnerJar(config.containers().runnerJar()), dataDir);
        this.lanes = new SessionLanes(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
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
        DeliveryService delivery = new DeliveryService(lanes, inbound, adapters,
                sessionId -> vertx.eventBus().send(WAKE_ADDRESS, sessionId), clock, config.delivery().maxAttempts(),
                new CentralPendingQuestions(central), config.questionsTtl(), config.delivery().maxFile(),
                TaskActions.of(tasks), recurrences, typing, config.sweep().maxTries());
        delivery.setTimers((s, at) -> timers.arm("deliver:" + s.sessionId(), at, () -> delivery.kick(s)));
        this.watcher = new OutboundWatcher(delivery::kick, config.delivery().watch());
        RunnerSupervisor supervisor = new RunnerSupervisor(runtime, List.of(watcher, typing), clock);
        this.scheduler = new RunnerScheduler(
                new SlotPolicy(config.containers().maxRunning(), Duration.ZERO), clock,
                () -> quarantine.sessions().keySet());
        this.controller = new SessionController(dataDir, central, store, lanes, inbound, scheduler, supervisor,
                new RunnerLauncher(dataDir, new ContainerSpecFactory(config), new DestinationProjection(inbound),
                        supervisor), timers, clock, config.sweep().maxTries(), recurrences);
        vertx.eventBus().<String>localConsumer(WAKE_ADDRESS, m -> controller.wake(m.body()));
        Router router = new Router(dataDir, central, store, lanes, inbound, controller, clock, config.dedupeTtl(),
                new ApprovalHooks(new SenderApprovals(adapters, clock), new ChannelApprovals(store, adapters, clock),
                        new CommandDenials(adapters, clock)));
        String adminToken = Files.readString(dataDir.resolve("admin.token"));
        ApprovalClicks approvalClicks = new ApprovalClicks(central, store, router, adminToken, adapters, clock);
        this.clicks = new HostClicks(approvalClicks, new QuestionClicks(central, store, dataDir, lanes, inbound,
                controller, clock));
        this.http = new HttpChannel(config.http(), central, new EventLog(store.adapterState()), router, clock,
                approvalClicks, clicks, dataDir);
        adapters.register(http);
        this.telegram = config.telegram().enabled() ? new TelegramChannel(new TelegramChannel.TelegramConfigView(
                config.telegram(), config.questionsTtl(), config.dedupeTtl()),
                central, store.adapterState(), router, clicks, clock) : null;
        if (telegram != null) {
            adapters.register(telegram);
        }
        this.sweep = new SweepVerticle(dataDir, central, store, controller, delivery, config.sweep().interval(), clock);
        this.readiness = new Readiness(dataDir, clock, config.admin(), config.sweep().interval(),
                sweep::lastCompleted, adapters.all(), quarantine::sessions);
        DestinationProjection projection = new DestinationProjection(inbound);
        this.admin = new AdminServer(config.adminBind(), readiness::report,
                new AdminApi(dataDir, central, store, new HostEffects(dataDir, central, store, lanes, projection,
                        supervisor), new SessionServices(tasks, new FailedMessages(inbound, lanes, controller,
                        delivery::kick), new SessionQuarantines(quarantine, lanes, clock,
                        s -> supervisor.terminate(s.sessionId(), "session quarantined"),
                        s -> controller.request(s, "quarantined")))), Files.readString(dataDir.resolve("admin.token")));
        RunnerMonitor monitor = new RunnerMonitor(supervisor, central, store, delivery::kick, controller::tick,
                config.sweep().heartbeatStale(), clock);
        timers.every("runner-monitor", Duration.ofSeconds(1), monitor);
        timers.every("typing", Duration.ofSeconds(1), typing::tick);
        timers.every("connections-idle", Duration.ofSeconds(30), () -> inbound.connections().closeIdle(CONNECTION_IDLE));
        timers.every("housekeeping", HOUSEKEEPING_PERIOD, new Housekeeping(central, store.adapterState(), clock));
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
                    new StartHistory(config.dataDir()).recordStart(unclean, clock.instant()), clock.instant());
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
        listen(http, "adapters.http.bind", config.http().bind().toString());
        listen(admin, "admin.bind", config.adminBind().toString());
        vertx.deployVerticle(sweep).await(30, TimeUnit.SECONDS);
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
        runtime.jvm().buildArchiveInBackground(); // only once this host is up: a refused start leaves nothing running
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

    /** Ordered stop: intake, sweep, runners (SIGTERM, 10 s, SIGKILL), then files and the lock. */
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
        controller.shutdown(Duration.ofSeconds(10));
        runtime.jvm().close();
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
        try {
            lock.close();
        } catch (Exception e) {
            log.atWarn().setCause(e).log("shutdown.lock_release_failed");
        }
        log.atInfo().log("shutdown.done");
    }

}
