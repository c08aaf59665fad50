package io.tandem.host.backup;

/** Told after each file a backup or restore has handled; the CLI shows it on a terminal only. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, path, size) -> { };

    void step(int done, int total, String path, long size);
}
