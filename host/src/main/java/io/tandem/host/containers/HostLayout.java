package io.tandem.host.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads, once, what of this machine a sandbox gets ({@link BwrapArgs.Layout}): {@code /usr} and the
 * {@code /bin}, {@code /sbin}, {@code /lib*} entries that exist (symlinks kept as symlinks), a
 * minimal {@code /etc} (the loader cache, users and groups, name resolution, time zone, TLS
 * certificates, Debian's alternatives) plus the {@code /etc} folders the JDK's own symlinks point
 * into (Debian keeps a JDK's {@code conf/} in {@code /etc/java-17-openjdk}), and the JDK.
 */
final class HostLayout {
    static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    static final List<String> ETC = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf", "/etc/localtime",
            "/etc/ssl", "/etc/ca-certificates", "/etc/alternatives");

    private HostLayout() {
    }

    static BwrapArgs.Layout read(Path javaHome) {
        List<BwrapArgs.SystemEntry> system = new ArrayList<>();
        for (String s : SYSTEM) {
            Path p = Path.of(s);
            try {
                if (Files.isSymbolicLink(p)) {
                    system.add(BwrapArgs.SystemEntry.link(s, Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    system.add(BwrapArgs.SystemEntry.dir(s));
                }
            } catch (IOException ignored) {
                // an unreadable entry is simply not offered
            }
        }
        Set<Path> etc = new TreeSet<>();
        for (String s : ETC) {
            if (Files.exists(Path.of(s))) {
                etc.add(Path.of(s));
            }
        }
        etc.addAll(etcUsedBy(javaHome));
        return new BwrapArgs.Layout(system, new ArrayList<>(etc), javaHome);
    }

    /** {@code /etc/<dir>} folders that symlinks inside the JDK (three levels deep) point into. */
    static Set<Path> etcUsedBy(Path javaHome) {
        Set<Path> out = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(javaHome, 3)) {
            walk.filter(Files::isSymbolicLink).forEach(link -> {
                try {
                    Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                    if (target.startsWith("/etc") && target.getNameCount() >= 2) {
                        Path top = Path.of("/etc").resolve(target.getName(1));
                        if (Files.exists(top)) {
                            out.add(top);
                        }
                    }
                } catch (IOException ignored) {
                    // a broken link is not followed
                }
            });
        } catch (IOException ignored) {
            // no JDK folder to read: nothing extra
        }
        return out;
    }
}
