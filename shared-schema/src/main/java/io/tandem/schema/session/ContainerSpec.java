package io.tandem.schema.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code <workspace>/container.json}, schema version 1: everything the runner knows about its
 * session. The host writes it atomically at each wake; the runner reads nothing else of the
 * host's configuration and inherits none of its environment.
 */
public record ContainerSpec(
        @JsonProperty("version") int version,
        @JsonProperty("agent_group_id") String agentGroupId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("timezone") String timezone,
        @JsonProperty("max_messages_per_batch") int maxMessagesPerBatch,
        @JsonProperty("storage") Storage storage,
        @JsonProperty("agent") Agent agent,
        @JsonProperty("runner") Runner runner) {

    public static final int VERSION = 1;

    public record Storage(@JsonProperty("durability") String durability) {
    }

    /**
     * {@code kind} is {@code echo} (built-in), {@code exec} ({@code command} argv) or {@code openai}
     * (built-in chat-completions client: {@code base_url}, {@code model}, optional
     * {@code system_prompt}, {@code api_key_env}, {@code max_history}, {@code max_steps},
     * {@code temperature}). {@code api_key_env} is only the NAME of a host environment variable:
     * the key itself never enters this file (it lives in the session folder); the host passes that
     * one variable to this group's runners. The openai fields are absent (null) for other kinds,
     * so their files are unchanged.
     */
    public record Agent(
            @JsonProperty("kind") String kind,
            @JsonProperty("command") List<String> command,
            @JsonProperty("env") Map<String, String> env,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("base_url") String baseUrl,
            @JsonProperty("model") String model,
            @JsonProperty("system_prompt") String systemPrompt,
            @JsonProperty("api_key_env") String apiKeyEnv,
            @JsonProperty("max_history") Integer maxHistory,
            @JsonProperty("max_steps") Integer maxSteps,
            @JsonProperty("temperature") Double temperature) {

        /** An echo or exec agent: no openai settings. */
        public Agent(String kind, List<String> command, Map<String, String> env, String cwd) {
            this(kind, command, env, cwd, null, null, null, null, null, null, null);
        }

        public static Agent echo() {
            return new Agent("echo", List.of(), Map.of(), ".");
        }
    }

    /**
     * Runner timings and limits. {@code watch} is false only to measure poll-only operation; the
     * fallback poll always runs. {@code max_output_per_batch} (bytes of reply text one batch may
     * write, the host's {@code agent.max_output_per_batch}) may be absent: files written before it
     * existed, or by an older host, mean the default ({@link #DEFAULT_MAX_OUTPUT_PER_BATCH}).
     * {@code max_file} (bytes, the host's {@code delivery.max_file}) bounds each file an agent
     * attaches to a send; absent means {@link #DEFAULT_MAX_FILE}. {@code message_retention_ms} (the
     * host's {@code retention.messages}) is how long the runner keeps settled outbound rows; absent
     * or not positive means it deletes none.
     */
    public record Runner(
            @JsonProperty("poll_interval_ms") long pollIntervalMs,
            @JsonProperty("heartbeat_interval_ms") long heartbeatIntervalMs,
            @JsonProperty("idle_exit_ms") long idleExitMs,
            @JsonProperty("batch_timeout_ms") long batchTimeoutMs,
            @JsonProperty("watch") Boolean watch,
            @JsonProperty("max_output_per_batch") Long maxOutputPerBatch,
            @JsonProperty("max_file") Long maxFile,
            @JsonProperty("message_retention_ms") Long messageRetentionMs) {

        /** Timings and limits; outbound rows are kept for ever. */
        public Runner(long pollIntervalMs, long heartbeatIntervalMs, long idleExitMs, long batchTimeoutMs,
                Boolean watch, Long maxOutputPerBatch, Long maxFile) {
            this(pollIntervalMs, heartbeatIntervalMs, idleExitMs, batchTimeoutMs, watch, maxOutputPerBatch, maxFile,
                    null);
        }

        /** 64 MiB: the documented default of {@code agent.max_output_per_batch}. */
        public static final long DEFAULT_MAX_OUTPUT_PER_BATCH = 64L << 20;

        /** 25 MiB: the documented default of {@code delivery.max_file}. */
        public static final long DEFAULT_MAX_FILE = 25L << 20;

        /** Timings and the output limit; the file limit is the default. */
        public Runner(long pollIntervalMs, long heartbeatIntervalMs, long idleExitMs, long batchTimeoutMs,
                Boolean watch, Long maxOutputPerBatch) {
            this(pollIntervalMs, heartbeatIntervalMs, idleExitMs, batchTimeoutMs, watch, maxOutputPerBatch, null);
        }

        /** Timings only; the output limit is the default. */
        public Runner(long pollIntervalMs, long heartbeatIntervalMs, long idleExitMs, long batchTimeoutMs,
                Boolean watch) {
            this(pollIntervalMs, heartbeatIntervalMs, idleExitMs, batchTimeoutMs, watch, null);
        }

        public static Runner defaults() {
            return new Runner(1000, 5000, 300_000, 600_000, true, DEFAULT_MAX_OUTPUT_PER_BATCH, DEFAULT_MAX_FILE);
        }

        public boolean watchEnabled() {
            return watch == null || watch;
        }

        /** The output limit in bytes; the default when absent or not positive. */
        public long maxOutputPerBatchOrDefault() {
            return maxOutputPerBatch == null || maxOutputPerBatch <= 0 ? DEFAULT_MAX_OUTPUT_PER_BATCH
                    : maxOutputPerBatch;
        }

        /** The per-file limit of {@code send.files} in bytes; the default when absent or not positive. */
        public long maxFileOrDefault() {
            return maxFile == null || maxFile <= 0 ? DEFAULT_MAX_FILE : maxFile;
        }

        /** How long settled outbound rows are kept, or empty: for ever. */
        public java.util.Optional<java.time.Duration> messageRetention() {
            return messageRetentionMs == null || messageRetentionMs <= 0 ? java.util.Optional.empty()
                    : java.util.Optional.of(java.time.Duration.ofMillis(messageRetentionMs));
        }
    }

    public static ContainerSpec read(Path file) throws IOException {
        ContainerSpec spec = Json.MAPPER.readValue(Files.readString(file), ContainerSpec.class);
        if (spec.version() != VERSION) {
            throw new IOException(file + " has version " + spec.version() + "; this runner reads version " + VERSION);
        }
        return spec;
    }

    public void writeAtomically(Path file) throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }
}
