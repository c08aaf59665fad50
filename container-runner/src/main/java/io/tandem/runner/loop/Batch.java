package io.tandem.runner.loop;

import io.tandem.schema.rows.InboundMessage;
import java.util.List;

/**
 * The one batch in flight: the messages sent to the agent (all acked {@code processing} for the
 * attempt the runner saw) and the row replies go to by default. {@code lastActivityNanos} is
 * when the agent last wrote anything; the batch timeout counts from it. {@code outputBytes} is
 * the reply text the batch has written so far (UTF-8 bytes), checked against
 * {@code max_output_per_batch}; once over it the batch carries its {@code failure} reason: its
 * messages are acked failed and the rest of its output is refused until the agent's {@code done}.
 * An agent that dies during the batch is restarted once and given the same {@code line} again.
 *
 * <p>The batch's {@code processing} acks (its pickup) are not committed before the agent sees the
 * batch but with the batch's first output, or at {@code pickupDueNanos} when the agent has written
 * nothing by then ({@link PickupAcks}): a fast reply then costs one commit, not two. Nothing the
 * agent did is durable before its pickup is, so a runner that dies before either commit leaves
 * rows that the next runner takes as a first attempt, with nothing "already sent" to report.
 */
final class Batch {
    private final String id;
    private final List<InboundMessage> messages;
    private final String startedAt;
    private long lastActivityNanos;
    private long outputBytes;
    private String failure;
    private final String line;
    private boolean agentRestarted;
    private final long pickupDueNanos;
    private boolean pickupPending = true;

    Batch(String id, List<InboundMessage> messages, String startedAt, long nowNanos, String line) {
        this.id = id;
        this.messages = List.copyOf(messages);
        this.startedAt = startedAt;
        this.lastActivityNanos = nowNanos;
        this.line = line;
        this.pickupDueNanos = nowNanos + PickupAcks.DELAY_NANOS;
    }

    /** True until the batch's processing acks are committed. */
    boolean pickupPending() {
        return pickupPending;
    }

    /** When the processing acks are committed at the latest (System.nanoTime() scale). */
    long pickupDueNanos() {
        return pickupDueNanos;
    }

    /** The processing acks were committed (alone or with output); never written again. */
    void pickupWritten() {
        pickupPending = false;
    }

    /** The {@code batch} line sent to the agent; sent again to a restarted agent. */
    String line() {
        return line;
    }

    /** True once the agent died during this batch and was restarted (it is restarted once per batch). */
    boolean agentRestarted() {
        return agentRestarted;
    }

    void markAgentRestarted() {
        agentRestarted = true;
    }

    String id() {
        return id;
    }

    List<InboundMessage> messages() {
        return messages;
    }

    String startedAt() {
        return startedAt;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    void touched(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    long outputBytes() {
        return outputBytes;
    }

    void addOutput(long bytes) {
        outputBytes += bytes;
    }

    /** Why the runner failed this batch itself, or null. */
    String failure() {
        return failure;
    }

    void fail(String reason) {
        failure = reason;
    }

    /** The last trigger=1 row (the one being answered); the last row if none triggers. */
    InboundMessage replyTo() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).trigger()) {
                return messages.get(i);
            }
        }
        return messages.get(messages.size() - 1);
    }

    long firstSeq() {
        return messages.get(0).seq();
    }

    long lastSeq() {
        return messages.get(messages.size() - 1).seq();
    }
}
