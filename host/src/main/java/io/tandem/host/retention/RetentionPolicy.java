package io.tandem.host.retention;

import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What retention keeps (issue 11, {@code retention.*}): finished conversation rows, the drop
 * audit and closed sessions' folders, each for its own duration; zero keeps that kind for ever.
 * Pure: the cutoffs are a function of the durations and the time.
 *
 * @param messages       completed inbound rows and settled outbound rows older than this go
 * @param dropAudit      {@code unregistered_senders} rows not seen for this long go
 * @param closedSessions folders of sessions closed and idle for this long are archived or deleted
 * @param closedAction   what happens to such a folder
 */
public record RetentionPolicy(Duration messages, Duration dropAudit, Duration closedSessions,
                              ClosedSessionAction closedAction) {

    /** What happens to a closed session's folder once its retention passed. */
    public enum ClosedSessionAction {
        /** Moved to {@code <data>/archive/<group>/<session>}, kept for the operator. */
        ARCHIVE,
        /** Deleted with its files. */
        DELETE;

        public static ClosedSessionAction fromWire(String v) {
            return switch (v) {
                case "archive" -> ARCHIVE;
                case "delete" -> DELETE;
                default -> throw new IllegalArgumentException("must be archive or delete, not '" + v + "'");
            };
        }
    }

    /** Keeps everything. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, ClosedSessionAction.ARCHIVE);
    }

    public Optional<String> messagesCutoff(Instant now) {
        return cutoff(messages, now);
    }

    public Optional<String> dropAuditCutoff(Instant now) {
        return cutoff(dropAudit, now);
    }

    public Optional<String> closedSessionsCutoff(Instant now) {
        return cutoff(closedSessions, now);
    }

    private static Optional<String> cutoff(Duration keep, Instant now) {
        return keep.isZero() || keep.isNegative() ? Optional.empty() : Optional.of(Timestamps.format(now.minus(keep)));
    }
}
