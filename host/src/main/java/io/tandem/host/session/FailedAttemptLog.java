package io.tandem.host.session;

import io.tandem.schema.rows.MessageStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line per failed attempt, whichever ack sync decided it (the session controller or
 * the delivery pass): the runner's error stays visible while the row waits for its retry, since the
 * next attempt's ack replaces it in outbound.db. {@code message.failed_retry} when retried,
 * {@code message.failed} at the last try (then {@code tandem messages failed} shows the error).
 */
public final class FailedAttemptLog {
    private static final Logger log = LoggerFactory.getLogger(FailedAttemptLog.class);

    private FailedAttemptLog() {
    }

    public static void log(String sessionId, List<RecoveryPolicy.Retry> retries) {
        for (RecoveryPolicy.Retry r : retries) {
            RecoveryPolicy.Decision d = r.decision();
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("id", d.id()).addKeyValue("seq", r.seq())
                    .addKeyValue("attempt", d.expectedTries()).addKeyValue("tries", d.tries())
                    .addKeyValue("status", d.status().wire()).addKeyValue("process_after", d.processAfter())
                    .addKeyValue("error", r.error())
                    .log(d.status() == MessageStatus.FAILED ? "message.failed" : "message.failed_retry");
        }
    }
}
