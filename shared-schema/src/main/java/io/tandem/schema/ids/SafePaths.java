package io.tandem.schema.ids;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves path-safe ids below a root and proves containment on real paths. A component that is
 * a symbolic link is refused: a planted link could otherwise redirect host writes outside the
 * data folder.
 */
public final class SafePaths {
    private SafePaths() {
    }

    /**
     * Resolves {@code parts} (each validated by {@link Ids#requireSafe}) below {@code root}.
     * Existing components must be real directories or files, not links, and the real path of the
     * deepest existing one must stay inside the real path of {@code root}.
     */
    public static Path resolve(Path root, String... parts) {
        Path realRoot = realPath(root);
        Path p = realRoot;
        for (int i = 0; i < parts.length; i++) {
            Ids.requireSafe("path component", parts[i]);
            p = p.resolve(parts[i]);
            if (Files.isSymbolicLink(p)) {
                throw new InvalidIdException("path component",
                        "refusing symbolic link at " + realRoot.relativize(p));
            }
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            Path real = realPath(p);
            if (!real.startsWith(realRoot)) {
                throw new InvalidIdException("path component", "path escapes " + realRoot + ": " + real);
            }
        }
        return p;
    }

    public static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve real path of " + p, e);
        }
    }
}
