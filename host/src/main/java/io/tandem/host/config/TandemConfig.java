package io.tandem.host.config;

import io.tandem.schema.db.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The host's whole configuration, validated once at start ({@link ConfigLoader}) into immutable
 * records. Nothing else in the host reads files or the environment for settings.
 */
public record TandemConfig(
        Path dataDir,
        ZoneId timezone,
        Durability durability,
        Http http,
        HostPort adminBind,
        Containers containers,
        Runner runner,
        Delivery delivery,
        Sweep sweep,
        Duration questionsTtl,
        Duration dedupeTtl,
        Admin admin,
        Sessions sessions,
        Telegram telegram,
        io.tandem.host.retention.RetentionPolicy retention,
        A2a a2a,
        LogFormat logFormat,
        Duration shutdownTimeout,
        int crashLoopStarts) {

    /**
     * The built-in http channel. {@code token} is empty when the chat API is open (loopback).
     * {@code maxConnections}, {@code idleTimeout} and {@code bodyTimeout} bound what one client
     * can hold: connections at once, a silent connection, and a body trickled in slowly;
     * {@code maxStreams} the Server-Sent Events streams open at once.
     */
    public record Http(HostPort bind, String token, long maxBody, long maxText, Duration retention,
                       int maxConnections, Duration idleTimeout, Duration bodyTimeout, int maxStreams) {
        @Override
        public String toString() {
            return "Http[bind=" + bind + ", token=" + (token.isEmpty() ? "none" : "***") + ", maxBody=" + maxBody
                    + ", maxText=" + maxText + ", retention=" + retention + ", maxConnections=" + maxConnections
                    + ", idleTimeout=" + idleTimeout + ", bodyTimeout=" + bodyTimeout + ", maxStreams=" + maxStreams
                    + "]";
        }
    }

    /**
     * The admin listener and its readiness thresholds: {@code maxFdUse} is the share of the
     * descriptor limit above which {@code /readyz} fails; {@code probeInterval} how long one
     * data-folder probe write is trusted.
     */
    public record Admin(HostPort bind, double maxFdUse, Duration probeInterval) {
    }

    /**
     * {@code containers.*}: {@code runtime} is the default of groups without their own;
     * {@code bwrapBinary} and {@code docker} configure those runtimes (binaries by name on PATH or
     * absolute). {@code shared} ({@code containers.process.shared}): the {@code process} runtime runs
     * one runner JVM per agent group, started with {@code sharedJvmArgs}, instead of one per session
     * with {@code jvmArgs}.
     */
    public record Containers(int maxRunning, int maxMessagesPerBatch, io.tandem.schema.rows.RuntimeKind runtime,
                             List<String> jvmArgs, Path runnerJar, String bwrapBinary, Docker docker,
                             boolean shared, List<String> sharedJvmArgs) {
        /** The flags of a {@code process} runner JVM: the shared one's or a per-session one's. */
        public List<String> processJvmArgs() {
            return shared ? sharedJvmArgs : jvmArgs;
        }
    }

    /** {@code containers.docker.*}: the client to run and the runner image it starts. */
    public record Docker(String binary, String image) {
    }

    /**
     * What the runner gets in {@code container.json}. {@code maxOutputPerBatch} is the key
     * {@code agent.max_output_per_batch} (bytes), carried to the runner as
     * {@code runner.max_output_per_batch}.
     */
    public record Runner(Duration pollInterval, Duration heartbeatInterval, Duration idleExit,
                         Duration batchTimeout, boolean watch, long maxOutputPerBatch) {
    }

    /** {@code recordDelay}: how long a pass's record may wait to share the session's next inbound commit (zero: never). */
    public record Delivery(int maxAttempts, long maxFile, boolean watch, Duration recordDelay) {
    }

    public record Sweep(Duration interval, Duration heartbeatStale, int maxTries) {
    }

    /**
     * The Telegram adapter ({@code adapters.telegram.*}). {@code token} comes from the key, the file
     * named by {@code token_file}, or {@code TANDEM_ADAPTERS__TELEGRAM__TOKEN}; it is required when
     * {@code enabled}, and {@link #toString()} never shows it.
     */
    public record Telegram(boolean enabled, String token, String apiBase, Duration pollTimeout) {
        @Override
        public String toString() {
            return "Telegram[enabled=" + enabled + ", token=" + (token.isEmpty() ? "none" : "***") + ", apiBase="
                    + apiBase + ", pollTimeout=" + pollTimeout + "]";
        }
    }

    /** Host-side handling of session files: {@code openConnections} bounds the connection cache. */
    public record Sessions(int openConnections) {
    }

    /**
     * Agent-to-agent messages (DESIGN 5.8): {@code maxPerMinute} ({@code a2a.max_per_minute}) caps
     * the messages one group sends another in any minute, so two agents answering each other stop.
     */
    public record A2a(int maxPerMinute) {
    }

    public TandemConfig withDataDir(Path dir) {
        return new TandemConfig(dir, timezone, durability, http, adminBind, containers, runner, delivery, sweep,
                questionsTtl, dedupeTtl, admin, sessions, telegram, retention, a2a, logFormat, shutdownTimeout,
                crashLoopStarts);
    }
}
