package io.tandem.host.doctor;

import io.tandem.host.session.Quarantine;
import io.tandem.host.session.SessionFile;
import io.tandem.schema.db.Sql;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every session's files: {@code inbound.db} and {@code out/outbound.db} opened read-only with
 * {@code PRAGMA quick_check}, their {@code user_version} against this build, a one-query seq
 * parity spot check each (inbound even, outbound odd), and journals left behind. A quarantined
 * session is reported (with its reason) and its files are left alone. A corrupt file is an error
 * that {@code --fix} can quarantine.
 */
final class SessionFilesCheck implements DoctorCheck {
    static final String NAME = "session-files";
    private static final String FIX_HINT = "tandem doctor --fix quarantines the session and moves the file aside";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.sessions().isEmpty()) {
            return out; // central cannot be read: the central check says why
        }
        int checked = 0;
        for (SessionRow s : ctx.sessions().orElse(List.of())) {
            Optional<SessionPaths> p = s.paths(ctx.dataDir());
            if (p.isEmpty() || !Files.isDirectory(p.get().root(), LinkOption.NOFOLLOW_LINKS)) {
                continue; // the folders check reports it
            }
            SessionPaths paths = p.get();
            Optional<String> quarantined = Quarantine.reason(paths);
            if (quarantined.isPresent()) {
                out.add(Finding.warn(NAME, s.subject(), "quarantined: " + quarantined.get(),
                        "repair or restore its files, delete " + ctx.rel(Quarantine.marker(paths))
                                + " and restart the host; or close the session"));
                continue;
            }
            checked++;
            file(ctx, s, paths, SessionFile.INBOUND, out);
            file(ctx, s, paths, SessionFile.OUTBOUND, out);
            journals(ctx, paths, out);
        }
        if (out.isEmpty()) {
            out.add(Finding.ok(NAME, "sessions/", checked + " sessions: files pass quick_check, schema known, "
                    + "seq parity holds"));
        }
        return out;
    }

    private static void file(DoctorContext ctx, SessionRow s, SessionPaths paths, SessionFile which, List<Finding> out) {
        Path f = which.path(paths);
        String subject = ctx.rel(f);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            if (which == SessionFile.INBOUND && s.status() == SessionStatus.ACTIVE) {
                out.add(Finding.warn(NAME, subject, "missing", "the host creates it with the session's next message"));
            }
            return; // no outbound.db yet: the runner creates it at its first start
        }
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            out.add(Finding.error(NAME, subject, "not a regular file (a link or a folder)",
                    "remove it; the host refuses links in session folders"));
            return;
        }
        SessionSchema schema = which == SessionFile.INBOUND ? SessionSchema.INBOUND : SessionSchema.OUTBOUND;
        String table = which == SessionFile.INBOUND ? "messages_in" : "messages_out";
        int parity = which == SessionFile.INBOUND ? 0 : 1;
        try {
            SqliteFiles.look(f, c -> {
                List<String> check = SqliteFiles.column(c, "PRAGMA quick_check", 5);
                if (!SqliteFiles.isOk(check)) {
                    out.add(broken(s, which, subject, "quick_check: " + String.join("; ", check)));
                    return null;
                }
                long version = Sql.longValue(c, "PRAGMA user_version");
                if (version > schema.version()) {
                    out.add(Finding.error(NAME, subject, "user_version " + version + " is newer than the "
                            + schema.version() + " this Tandem knows", "upgrade Tandem; the host quarantines the "
                            + "session meanwhile (TANDEM-E005)"));
                } else if (version == 0) {
                    out.add(Finding.warn(NAME, subject, "has no schema yet (user_version 0)",
                            which == SessionFile.INBOUND ? "the host applies it at the session's next message"
                                    : "the runner applies it at its next start"));
                } else {
                    long wrong = Sql.longValue(c, "SELECT count(*) FROM " + table + " WHERE seq % 2 <> ?", parity);
                    if (wrong > 0) {
                        out.add(Finding.error(NAME, subject, wrong + " rows of " + table + " have "
                                + (parity == 0 ? "odd" : "even") + " seq (seq parity broken)",
                                "something other than its owner wrote this file; restore the session from a backup"));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            if (SqliteFiles.corrupt(e)) {
                out.add(broken(s, which, subject, "not a readable database: " + e.getMessage()));
            } else if (SqliteFiles.hotJournal(e)) {
                return; // the journal check below reports it
            } else if (SqliteFiles.busy(e)) {
                out.add(Finding.warn(NAME, subject, "busy for 5 s: " + e.getMessage(), "run tandem doctor again"));
            } else {
                out.add(Finding.error(NAME, subject, "cannot be read: " + e.getMessage(),
                        "check the file's owner and permissions"));
            }
        }
    }

    private static Finding broken(SessionRow s, SessionFile which, String subject, String message) {
        return new Finding(Severity.ERROR, NAME, subject, message, FIX_HINT, new Finding.Broken(s.id(), which));
    }

    private static void journals(DoctorContext ctx, SessionPaths paths, List<Finding> out) {
        if (Files.exists(paths.inboundJournal(), LinkOption.NOFOLLOW_LINKS) && !ctx.host().running()) {
            out.add(Finding.warn(NAME, ctx.rel(paths.inboundJournal()), "journal left behind by a host stopped "
                    + "mid-commit", "start the host (tandem up): it rolls the journal back before anything else"));
        }
        if (Files.exists(paths.outboundJournal(), LinkOption.NOFOLLOW_LINKS) && runnerGone(paths)) {
            out.add(Finding.warn(NAME, ctx.rel(paths.outboundJournal()), "journal left behind by a runner stopped "
                    + "mid-commit", ctx.host().running() ? "the host wakes the runner, which rolls it back"
                    : "start the host (tandem up): it wakes the runner, which rolls it back"));
        }
    }

    private static boolean runnerGone(SessionPaths paths) {
        try {
            return ExclusiveFileLock.isFree(paths.runnerLock());
        } catch (IOException e) {
            return false;
        }
    }
}
