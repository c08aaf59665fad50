package io.tandem.host.doctor;

import io.tandem.host.session.SessionFile;

/**
 * One line of a doctor report: what was checked ({@code check}), on what ({@code subject}: a file
 * relative to the data folder, or a session), what was found and a one-line hint how to fix it.
 * {@code broken} names a session file {@code --fix} can quarantine; null otherwise.
 */
public record Finding(Severity severity, String check, String subject, String message, String hint,
                      Broken broken) {

    /** A corrupt session file: the session to quarantine and the file to move aside. */
    public record Broken(String sessionId, SessionFile file) {
    }

    public static Finding ok(String check, String subject, String message) {
        return new Finding(Severity.OK, check, subject, message, null, null);
    }

    public static Finding warn(String check, String subject, String message, String hint) {
        return new Finding(Severity.WARN, check, subject, message, hint, null);
    }

    public static Finding error(String check, String subject, String message, String hint) {
        return new Finding(Severity.ERROR, check, subject, message, hint, null);
    }
}
