package io.tandem.host.channels.http;

import io.tandem.schema.db.SqlErrors;
import io.tandem.host.session.SessionQuarantinedException;
import io.tandem.schema.ids.InvalidIdException;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed request into its answer. Refusals ({@link HttpError}, an invalid id) keep their
 * documented code. Anything else is logged in full with a fresh error id and answered with only
 * that id: exception classes, messages and paths never reach a client (they describe the host's
 * inside and can carry file names). Storage that is busy, full, damaged, too new or closing is
 * {@code 503 unavailable} (nothing was accepted; retry later); every other failure is a bug,
 * {@code 500 internal}. A new refusal of the router (e.g. a quarantined session) gets its own
 * branch here, the one place that maps failures to answers.
 */
public final class HttpFailures {
    private static final Logger log = LoggerFactory.getLogger(HttpFailures.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Storage that cannot be used now (full, read-only, gone, damaged), as opposed to a bug. */
    private static final String[] UNAVAILABLE_SQLITE = {"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY",
        "SQLITE_CANTOPEN", "SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_PERM", "SQLITE_PROTOCOL", "SQLITE_NOLFS"};
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private HttpFailures() {
    }

    /** Answers {@code req} for {@code err}. */
    public static void answer(HttpServerRequest req, Throwable err) {
        Throwable c = unwrap(err);
        if (c instanceof HttpError e) {
            HttpResponses.error(req, e);
            return;
        }
        if (c instanceof SessionQuarantinedException e) {
            HttpResponses.error(req, 503, "session_quarantined", e.getMessage()
                    + "; nothing was accepted (an operator must repair or remove the session)");
            return;
        }
        if (c instanceof InvalidIdException e) {
            HttpResponses.error(req, 400, "invalid_id", e.getMessage());
            return;
        }
        String errorId = newErrorId();
        boolean unavailable = isStorageUnavailable(c);
        log.atError().addKeyValue("error_id", errorId).addKeyValue("method", req.method())
                .addKeyValue("path", req.path()).setCause(c)
                .log(unavailable ? "http.storage_unavailable" : "http.internal_error");
        if (unavailable) {
            HttpResponses.error(req, 503, "unavailable", "the host cannot take requests right now; nothing was "
                    + "accepted, retry later (error id " + errorId + ")");
        } else {
            HttpResponses.error(req, 500, "internal", "the host failed to handle the request; nothing was "
                    + "accepted (error id " + errorId + ")");
        }
    }

    static Throwable unwrap(Throwable err) {
        Throwable c = err;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Busy, full, read-only or closing storage, or a lane that no longer takes work. */
    static boolean isStorageUnavailable(Throwable t) {
        if (SqlErrors.isBusy(t)) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RejectedExecutionException) {
                return true;
            }
            if (c instanceof SQLException e) {
                String m = String.valueOf(e.getMessage());
                for (String code : UNAVAILABLE_SQLITE) {
                    if (m.contains(code)) {
                        return true;
                    }
                }
                if (m.contains("database connection closed")) {
                    return true;
                }
            }
            if (c instanceof io.tandem.schema.TandemException te && "TANDEM-E005".equals(te.code())) {
                return true;
            }
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** {@code E-} and 10 characters of Crockford base32: short enough to read out, unique enough to grep. */
    static String newErrorId() {
        char[] out = new char[10];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "E-" + new String(out);
    }
}
