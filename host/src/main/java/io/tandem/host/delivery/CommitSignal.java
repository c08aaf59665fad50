package io.tandem.host.delivery;

import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;

/**
 * What one watch event on a session's {@code out/} folder says about {@code outbound.db} in
 * journal-DELETE mode: nothing, a commit under way, or a commit that a pass can now read. Only the
 * last kind needs a delivery pass: an event classed {@link #IN_PROGRESS} is always followed by the
 * journal's DELETE (or, if the runner dies mid-commit, by its exit), which is {@link #KICK}.
 */
enum CommitSignal {
    /** Not about {@code outbound.db} (the heartbeat touch, the lock file). */
    IGNORE,
    /** A commit is under way (journal written, or the db written while the journal exists). */
    IN_PROGRESS,
    /** A commit point (journal unlinked), a change without a journal, or lost events. */
    KICK;

    static final String DB = SessionPaths.OUTBOUND_DB;
    static final String JOURNAL = DB + "-journal";

    static CommitSignal of(WatchEvent<?> ev, Path outDir) {
        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            return KICK;
        }
        String name = ((Path) ev.context()).getFileName().toString();
        if (name.equals(JOURNAL)) {
            return ev.kind() == StandardWatchEventKinds.ENTRY_DELETE ? KICK : IN_PROGRESS;
        }
        if (!name.equals(DB)) {
            return IGNORE;
        }
        // the db is written before the journal is unlinked; that DELETE will kick. One stat.
        return Files.exists(outDir.resolve(JOURNAL)) ? IN_PROGRESS : KICK;
    }
}
