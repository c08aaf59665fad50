package io.tandem.host.cli.chat;

import java.time.Duration;

/**
 * How long to wait before the next attempt after {@code failures} failed attempts in a row:
 * the first retry is immediate-ish ({@code base}), then doubling up to {@code cap}, so a host
 * restart is picked up within seconds and a host that stays down costs one attempt per
 * {@code cap}. A pure function; the stream resets {@code failures} after a connection succeeds.
 */
public record ReconnectDelay(Duration base, Duration cap) {
    public static final ReconnectDelay DEFAULT = new ReconnectDelay(Duration.ofMillis(250), Duration.ofSeconds(5));

    public ReconnectDelay {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
    }

    /** The same cap with the server's {@code retry:} as the base (kept within the cap). */
    public ReconnectDelay withBase(long retryMillis) {
        Duration b = Duration.ofMillis(Math.max(1, retryMillis));
        return new ReconnectDelay(b.compareTo(cap) > 0 ? cap : b, cap);
    }

    public Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        Duration d = base.multipliedBy(1L << shift);
        return d.compareTo(cap) > 0 || d.isNegative() ? cap : d;
    }
}
