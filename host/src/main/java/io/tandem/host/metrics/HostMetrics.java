package io.tandem.host.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.schema.db.BoundedBusyHandler;
import io.tandem.schema.db.Sql;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * What the host counts for {@code GET /metrics} (Prometheus text), one object per host, constructed
 * in {@code HostDaemon} and handed to the classes that record: no static registry, so two hosts in
 * one JVM (tests) never share a count. Callers record through the typed methods below and never
 * see Micrometer; every tag value comes from a closed set (a channel type, a drop reason, a
 * result, a stop reason), never an id, so the number of series stays bounded whatever the
 * traffic. The meters without tags exist from construction, so a scrape shows them at 0 before
 * the first message. {@link #none()} records into a registry nobody scrapes (tests of one class).
 */
public final class HostMetrics implements AutoCloseable {
    /** Latency buckets: a reply sent within the pass that saw it, up to a slow model's minutes. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10)};

    /** How a due outbound row's attempt ended (the tag {@code result} of {@code tandem_deliveries_total}). */
    public enum DeliveryResult { DELIVERED, FAILED, RETRIED }

    /** Why the host stopped a runner itself (the tag {@code reason} of {@code tandem_runner_stops_total}). */
    public enum StopReason { STALE_HEARTBEAT, EVICTED, SESSION_CLOSED, QUARANTINED }

    private final MeterRegistry registry;
    /** Null for {@link #none()}. */
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;
    private final Timer deliveryLatency;
    private final Timer endToEnd;
    private final Timer sweepPass;
    private final Counter sweepFailed;

    private HostMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.gc = gc;
        this.deliveryLatency = Timer.builder("tandem.delivery.latency")
                .description("outbound row written by the runner until the channel accepted it")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.endToEnd = Timer.builder("tandem.end_to_end.latency")
                .description("inbound message's timestamp until its reply was delivered")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.sweepPass = Timer.builder("tandem.sweep.pass").description("wall time of one sweep pass")
                .register(registry);
        this.sweepFailed = Counter.builder("tandem.sweep.failures").description("sweep passes that failed")
                .register(registry);
        FunctionCounter.builder("tandem.sqlite.busy.waits", this, m -> BoundedBusyHandler.waits())
                .description("statements that met a lock held by another connection and waited").register(registry);
        FunctionCounter.builder("tandem.sqlite.busy.timeouts", this, m -> BoundedBusyHandler.timeouts())
                .description("busy waits that reached the bound and failed with SQLITE_BUSY").register(registry);
        FunctionCounter.builder("tandem.sqlite.commits", this, m -> Sql.commits())
                .description("SQLite transactions committed by the host").register(registry);
    }

    /** The host's metrics: Prometheus registry with the JVM and process meters bound. */
    public static HostMetrics prometheus() {
        PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(p);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(p);
        new JvmThreadMetrics().bindTo(p);
        new ClassLoaderMetrics().bindTo(p);
        new ProcessorMetrics().bindTo(p);
        new UptimeMetrics().bindTo(p);
        new FileDescriptorMetrics().bindTo(p);
        return new HostMetrics(p, p, gc);
    }

    /** Records into a registry that is never scraped: for constructors that tests use. */
    public static HostMetrics none() {
        return new HostMetrics(new SimpleMeterRegistry(), null, null);
    }

    /** An inbound message written into at least one session; {@code channel} is its channel type. */
    public void routed(String channel) {
        registry.counter("tandem.messages.routed", "channel", channel).increment();
    }

    /** An inbound message routed nowhere; {@code reason} is a drop reason's wire name. */
    public void dropped(String channel, String reason) {
        registry.counter("tandem.messages.dropped", "channel", channel, "reason", reason).increment();
    }

    /** A re-post of a platform message id answered as a duplicate without routing. */
    public void duplicate(String channel) {
        registry.counter("tandem.messages.duplicate", "channel", channel).increment();
    }

    /** One attempt to hand a due outbound row to its channel, by how it ended. */
    public void delivered(DeliveryResult result) {
        registry.counter("tandem.deliveries", "result", wire(result)).increment();
    }

    /** From the outbound row's timestamp (the runner's write) to its recorded delivery. */
    public void deliveryLatency(Duration d) {
        deliveryLatency.record(nonNegative(d));
    }

    /** From the timestamp of the inbound message a reply answers to the reply's recorded delivery. */
    public void endToEnd(Duration d) {
        endToEnd.record(nonNegative(d));
    }

    /** A runner process started ({@code started}) or could not be started. */
    public void spawned(boolean started) {
        registry.counter("tandem.runner.spawns", "result", started ? "started" : "failed").increment();
    }

    /** The host signalled a runner to stop (SIGTERM or, for a stale one, SIGKILL). */
    public void stopped(StopReason reason) {
        registry.counter("tandem.runner.stops", "reason", wire(reason)).increment();
    }

    public void sweepPass(Duration d) {
        sweepPass.record(nonNegative(d));
    }

    public void sweepFailed() {
        sweepFailed.increment();
    }

    /**
     * Runners holding a slot and running, and sessions waiting for a slot; read at each scrape. The
     * suppliers are held strongly (Micrometer's gauges hold theirs weakly, and a lambda nobody
     * else holds would read NaN after the next GC).
     */
    public void runners(IntSupplier running, IntSupplier queued) {
        Gauge.builder("tandem.runners.running", running, IntSupplier::getAsInt).strongReference(true)
                .description("runner processes up").register(registry);
        Gauge.builder("tandem.runners.queued", queued, IntSupplier::getAsInt).strongReference(true)
                .description("sessions waiting for a runner slot (containers.max_running)").register(registry);
    }

    /** Session lanes with work queued or running, and tasks waiting for a lane worker thread. */
    public void lanes(IntSupplier activeLanes, IntSupplier queuedTasks) {
        Gauge.builder("tandem.lanes.active", activeLanes, IntSupplier::getAsInt).strongReference(true)
                .description("sessions with lane work queued or running").register(registry);
        Gauge.builder("tandem.lanes.queued_tasks", queuedTasks, IntSupplier::getAsInt).strongReference(true)
                .description("lane tasks waiting for a worker thread").register(registry);
    }

    /** Prometheus text format 0.0.4; empty for {@link #none()}. Reads gauges: call off the event loop. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    /** The registry, for tests that read a value. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
