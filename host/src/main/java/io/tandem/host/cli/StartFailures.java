package io.tandem.host.cli;

import io.tandem.schema.TandemException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;

/**
 * Every failure of a verb ends as ONE line on stderr and a documented exit code, never a raw
 * stack trace (operators read the line, scripts test the code). A {@link TandemException} carries
 * its own code; anything else is exit 1 ({@code TANDEM-E001}) with the innermost useful reason
 * (a full disk, a {@code host.lock} that is a directory, an unwritable folder). The stack trace
 * goes to the log at DEBUG ({@code TANDEM_LOG_LEVEL=DEBUG}).
 */
final class StartFailures {
    static final String CODE = "TANDEM-E001";
    static final int EXIT = 1;

    private StartFailures() {
    }

    /** The one line for {@code e}, without the {@code tandem: } prefix. */
    static String line(Throwable e) {
        if (e instanceof TandemException te) {
            return oneLine(te.getMessage());
        }
        return CODE + ": cannot run: " + oneLine(reason(e));
    }

    static int exitCode(Throwable e) {
        return e instanceof TandemException te ? te.exitCode() : EXIT;
    }

    /** The innermost exception that says something, as "what: why". */
    static String reason(Throwable e) {
        Throwable best = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TandemException) {
                return c.getMessage();
            }
            if (c instanceof FileSystemException || c instanceof SQLException
                    || (c.getMessage() != null && !c.getMessage().isBlank())) {
                best = c;
            }
        }
        if (best instanceof FileSystemException fs) {
            String why = fs.getReason() != null ? fs.getReason() : kind(fs);
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + why;
        }
        String m = best.getMessage();
        return m == null || m.isBlank() ? kind(best) : m;
    }

    /** A readable name for an exception without a message (AccessDeniedException → access denied). */
    private static String kind(Throwable t) {
        String n = t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        return n.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
