package io.tandem.host;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.http.EventLog;
import io.tandem.host.channels.http.HttpChannel;
import io.tandem.host.admin.AdminServer;
import io.tandem.host.admin.Readiness;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStore;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.containers.ContainerManager;
import io.tandem.host.containers.ContainerSpecFactory;
import io.tandem.host.containers.DestinationProjection;
import io.tandem.host.containers.ProcessRuntime;
import io.tandem.host.containers.RunnerMonitor;
import io.tandem.host.delivery.DeliveryService;
import io.tandem.host.delivery.OutboundWatcher;
import io.tandem.host.routing.Router;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.session.SessionUpkeep;
import io.tandem.host.sweep.SweepVerticle;
import io.tandem.host.sweep.Timers;
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
    private final ContainerManager manager;
    private final OutboundWatcher watcher;
    private final HttpChannel http;
    private final AdminServer admin;
    private final SweepVerticle sweep;
    private final ChannelRegistry adapters;
    private final Readiness readiness;
    private boolean stopped;

    private HostDaemon(TandemConfig config, DataFolder data, HostLock lock, CentralDb central, Clock clock)
            throws Exception {
        this.config = config;
        this.data = data;
        this.lock = lock;
        this.central = central;
        Path dataDir = data.root();
        CentralStore store = new CentralStore(clock);
        InboundDb inbound = new InboundDb(config.durability());
        SessionFolders folders = new SessionFolders(inbound);
        SessionUpkeep upkeep = new SessionUpkeep(inbound, clock, config.sweep().maxTries());
        ProcessRuntime runtime = new ProcessRuntime(config.containers(),
                ProcessRuntime.locateRunnerJar(config.containers().runnerJar()));
        this.lanes = new SessionLanes(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
        this.timers = new Timers(clock);
        this.manager = new ContainerManager(dataDir, central, store, lanes, folders, upkeep, runtime,
                new ContainerSpecFactory(config), new DestinationProjection(inbound), config.containers().maxRunning(),
                clock);
        manager.setTimers((session, at) -> timers.arm("wake:" + session, at, () -> manager.wake(session)));
        this.adapters = new ChannelRegistry();
        DeliveryService delivery = new DeliveryService(lanes, inbound, adapters, manager, clock,
                config.delivery().maxAttempts());
        delivery.setTimers((s, at) -> timers.arm("deliver:" + s.sessionId(), at, () -> delivery.kick(s)));
        this.watcher = new OutboundWatcher(delivery::kick, config.delivery().watch());
        manager.addListener(watcher);
        Router router = new Router(dataDir, central, store, lanes, inbound, manager);
        this.vertx = Vertx.vertx();
        this.http = new HttpChannel(config.http(), central, new EventLog(store), router, clock);
        adapters.register(http);
        this.sweep = new SweepVerticle(dataDir, central, store, lanes, upkeep, manager, delivery, timers,
                config.sweep().interval(), clock);
        // Map::of until the session controller supplies the quarantined sessions (id -> reason).
        this.readiness = new Readiness(dataDir, clock, config.admin(), config.sweep().interval(),
                sweep::lastCompleted, adapters.all(), Map::of);
        this.admin = new AdminServer(config.adminBind(), readiness::report);
        RunnerMonitor monitor = new RunnerMonitor(manager, central, store, delivery::kick,
                config.sweep().heartbeatStale(), clock);
        timers.every("runner-monitor", Duration.ofSeconds(1), monitor);
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
            CentralStore store = new CentralStore(clock);
            boolean created = central.call(c -> io.tandem.schema.db.Sql.tx(c, tx -> {
                store.resetContainerStatuses(tx);
                return EmbeddedDefaults.applyIfEmpty(tx, store);
            }));
            if (created) {
                Files.createDirectories(config.dataDir().resolve("groups").resolve(EmbeddedDefaults.GROUP));
                log.atInfo().addKeyValue("group", EmbeddedDefaults.GROUP).addKeyValue("chat", EmbeddedDefaults.CHAT)
                        .log("startup.embedded_defaults");
            }
            data.rollBackHotJournals();
            HostDaemon d = new HostDaemon(config, data, lock, central, clock);
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

    private void startServices() throws Exception {
        listen(http, "adapters.http.bind", config.http().bind().toString());
        listen(admin, "admin.bind", config.adminBind().toString());
        vertx.deployVerticle(sweep).await(30, TimeUnit.SECONDS);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("http", httpAddress());
        info.put("admin", adminAddress());
        info.put("data", data.root().toString());
        info.put("started_at", Timestamps.format(Instant.now()));
        data.writeHostJson(Json.write(info));
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

    public ContainerManager containers() {
        return manager;
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
        // Only a verticle that did deploy can be undeployed (a failed bind leaves an id behind).
        if (http.deploymentID() != null && vertx.deploymentIDs().contains(http.deploymentID())) {
            try {
                vertx.undeploy(http.deploymentID()).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.atWarn().setCause(e).log("shutdown.http_stop_failed");
            }
        }
        manager.shutdown(Duration.ofSeconds(10));
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
        central.close();
        data.removeHostJson();
        try {
            lock.close();
        } catch (Exception e) {
            log.atWarn().setCause(e).log("shutdown.lock_release_failed");
        }
        log.atInfo().log("shutdown.done");
    }

}
