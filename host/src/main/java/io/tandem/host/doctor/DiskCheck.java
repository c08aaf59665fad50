package io.tandem.host.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.List;

/**
 * Free space on the data folder's filesystem: a warning under 10 % or 1 GiB free, an error under
 * 2 % (SQLite needs room for journals; a full disk turns intake away).
 */
final class DiskCheck implements DoctorCheck {
    static final String NAME = "disk";
    static final long GIB = 1L << 30;

    @Override
    public String name() {
        return NAME;
    }

    /** The verdict for {@code free} of {@code total} bytes; a pure function, tested as a table. */
    static Severity verdict(long free, long total) {
        if (total <= 0) {
            return Severity.OK;
        }
        if (free * 50 < total) {
            return Severity.ERROR;
        }
        if (free * 10 < total || free < GIB) {
            return Severity.WARN;
        }
        return Severity.OK;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        try {
            FileStore store = Files.getFileStore(ctx.dataDir());
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            String text = String.format("%.1f GiB free of %.1f GiB (%d%%)", free / (double) GIB, total / (double) GIB,
                    total == 0 ? 100 : free * 100 / total);
            return List.of(switch (verdict(free, total)) {
                case OK -> Finding.ok(NAME, ".", text);
                case WARN -> Finding.warn(NAME, ".", "low disk space: " + text,
                        "free space, or run retention; SQLite needs room for its journals");
                case ERROR -> Finding.error(NAME, ".", "disk almost full: " + text,
                        "free space now: writes will fail and intake will be refused");
            });
        } catch (IOException e) {
            return List.of(Finding.error(NAME, ".", "cannot read the filesystem's free space: " + e.getMessage(),
                    "check that the data folder exists and is reachable"));
        }
    }
}
