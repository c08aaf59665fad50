package io.tandem.runner.loop;

import io.tandem.schema.session.ContainerSpec;

/**
 * The runner's timings and batch size from {@code container.json}, with the documented defaults
 * for anything missing or not positive (poll 1 s, heartbeat 5 s, idle exit 5 min, batch timeout
 * 10 min, watch on, 10 messages per batch, 64 MiB of reply text per batch, 25 MiB per attached file).
 */
public record LoopSettings(long pollIntervalMs, long heartbeatIntervalMs, long idleExitMs, long batchTimeoutMs,
        boolean watch, int maxMessagesPerBatch, long maxOutputPerBatch, long maxFileBytes) {

    public static final int DEFAULT_MAX_MESSAGES_PER_BATCH = 10;

    public static LoopSettings from(ContainerSpec spec) {
        ContainerSpec.Runner d = ContainerSpec.Runner.defaults();
        ContainerSpec.Runner r = spec.runner() == null ? d : spec.runner();
        return new LoopSettings(
                positive(r.pollIntervalMs(), d.pollIntervalMs()),
                positive(r.heartbeatIntervalMs(), d.heartbeatIntervalMs()),
                positive(r.idleExitMs(), d.idleExitMs()),
                positive(r.batchTimeoutMs(), d.batchTimeoutMs()),
                r.watchEnabled(),
                spec.maxMessagesPerBatch() > 0 ? spec.maxMessagesPerBatch() : DEFAULT_MAX_MESSAGES_PER_BATCH,
                r.maxOutputPerBatchOrDefault(),
                r.maxFileOrDefault());
    }

    private static long positive(long value, long fallback) {
        return value > 0 ? value : fallback;
    }
}
