package io.tandem.host.cli;

import io.tandem.host.backup.Backup;
import io.tandem.host.backup.Export;
import io.tandem.host.backup.Manifest;
import io.tandem.host.backup.Progress;
import io.tandem.host.backup.Restore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem backup}, {@code tandem restore}, {@code tandem export}: keeping a data folder's
 * content safe. They read the folder's files directly (no admin API), only ever read the live
 * files, and work whether a host runs or not. Progress lines go to stderr on a terminal only;
 * the one summary line goes to stdout.
 */
final class BackupCommands {
    private BackupCommands() {
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Copy a data folder (consistent while the host runs) into a new folder with a manifest.")
    static final class BackupVerb implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "new or empty folder")
        Path out;

        @Override
        public Integer call() {
            Backup.Result r = Backup.run(data.folder(), out, io.tandem.host.TandemVersion.VERSION, Clock.systemUTC(), progress());
            r.notes().forEach(n -> System.err.println("tandem: note: " + n));
            System.out.println("tandem backup out=" + r.out() + " files=" + r.manifest().files().size()
                    + " bytes=" + r.manifest().files().stream().mapToLong(Manifest.Entry::size).sum()
                    + (r.missing().isEmpty() ? "" : " incomplete=" + r.missing().size()));
            if (r.missing().isEmpty()) {
                return 0;
            }
            r.missing().forEach(m -> System.err.println("tandem: not backed up: " + m));
            System.err.println("tandem: TANDEM-E001: the backup is incomplete: " + r.missing().size()
                    + " session file(s) could not be copied (listed above); the rest is in " + r.out());
            return 1;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore a backup into a new or empty data folder, after checking every file.")
    static final class RestoreVerb implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "DIR",
                description = "a folder written by tandem backup")
        Path from;

        @Option(names = "--data", required = true, paramLabel = "NEW", description = "new or empty data folder")
        Path data;

        @Override
        public Integer call() {
            Manifest m = Restore.run(from, data, progress());
            System.out.println("tandem restored data=" + data.toAbsolutePath().normalize() + " files="
                    + m.files().size() + " backup_of=" + m.createdAt());
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the tables of central.db and of each session's files as JSON (secrets masked).")
    static final class ExportVerb implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Option(names = "--session", paramLabel = "S", description = "only this session's files")
        String session;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the JSON file to write")
        Path out;

        @Override
        public Integer call() {
            Export.Result r = Export.run(data.folder(), session, out, io.tandem.host.TandemVersion.VERSION, Clock.systemUTC());
            System.out.println("tandem export out=" + out.toAbsolutePath().normalize() + " sessions=" + r.sessions()
                    + (r.missing().isEmpty() ? "" : " incomplete=" + r.missing().size()));
            r.missing().forEach(m -> System.err.println("tandem: not exported: " + m));
            return r.missing().isEmpty() ? 0 : 1;
        }
    }

    /** One line per file on stderr when it is a terminal; nothing otherwise (scripts, logs). */
    static Progress progress() {
        if (System.console() == null) {
            return Progress.NONE;
        }
        PrintStream err = System.err;
        return (done, total, path, size) -> {
            err.printf(Locale.ROOT, "[%d/%d] %s (%s)%n", done, total, path, bytes(size));
            err.flush();
        };
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
