package io.tandem.host.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a path unwritable in a way that holds for root, which the tests run as: the ext4/xfs
 * immutable attribute ({@code chattr +i}). Permission bits do not stop root; an immutable
 * directory refuses every new entry (EPERM) even to root, while files already open keep working,
 * which is what a folder that "stops being writable" looks like to a running host.
 */
public final class Immutable implements AutoCloseable {
    private final Path path;

    private Immutable(Path path) {
        this.path = path;
    }

    /** {@code chattr +i path}; null when the file system or the container does not allow it. */
    public static Immutable tryMake(Path path) throws IOException, InterruptedException {
        return chattr("+i", path) ? new Immutable(path) : null;
    }

    private static boolean chattr(String op, Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chattr", op, path.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!chattr("-i", path)) {
            throw new IOException("chattr -i " + path + " failed");
        }
    }
}
