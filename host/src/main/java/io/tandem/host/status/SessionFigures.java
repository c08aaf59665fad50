package io.tandem.host.status;

/**
 * What status shows of one session's files: the time of its last inbound and outbound row (by
 * seq), pending rows due now and scheduled later, failed rows and failed deliveries, the
 * runner's last heartbeat and its age in seconds (null: none), and the reason the files could not be read (null: they
 * could; the counts are then absent).
 */
public record SessionFigures(String lastIn, String lastOut, long due, long scheduled, long failed,
                             long failedDeliveries, String heartbeatAt, Long heartbeatAgeSeconds,
                             String unreadable) {
    public static SessionFigures unreadable(String why) {
        return new SessionFigures(null, null, 0, 0, 0, 0, null, null, why);
    }
}
