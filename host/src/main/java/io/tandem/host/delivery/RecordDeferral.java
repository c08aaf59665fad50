package io.tandem.host.delivery;

import io.tandem.host.session.DeferredWrite;
import io.tandem.host.session.SessionRef;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a pass's record may wait for the session's next inbound transaction
 * ({@code delivery.record_delay}; zero: every pass commits its own record), and who commits it
 * when that time comes without one. A conversation's next message usually follows its reply
 * within milliseconds, so its insert carries the reply's record: one commit instead of two.
 */
public record RecordDeferral(Duration delay, FlushLater flushLater) {
    /** Records are never deferred (tests that drive delivery alone, and {@code record_delay = 0}). */
    public static final RecordDeferral OFF = new RecordDeferral(Duration.ZERO, (s, write, at) -> { });

    /** Arranges for {@code write}, if it is still waiting at {@code at}, to be committed on the session's lane. */
    @FunctionalInterface
    public interface FlushLater {
        void at(SessionRef s, DeferredWrite write, Instant at);
    }

    public RecordDeferral {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("record delay must not be negative: " + delay);
        }
    }

    boolean on() {
        return !delay.isZero();
    }
}
