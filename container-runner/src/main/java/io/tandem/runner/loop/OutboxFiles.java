package io.tandem.runner.loop;

import io.tandem.schema.db.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies the files a {@code send} attaches into {@code out/outbox/<message_out_id>/} BEFORE its
 * row commits, so the host never sees a row whose files are missing. A path is relative to the
 * group folder and may name only a regular file inside it: absolute paths, {@code ..}, a symlink
 * anywhere on the way (checked per component, the file itself opened with NOFOLLOW_LINKS) and
 * files over {@code max_file} are refused, and nothing is copied for a refused send. Each copy is
 * written under a temporary name, synced when durability is {@code power}, then renamed, so the
 * outbox only ever holds whole files.
 */
final class OutboxFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("csv", "text/csv"), Map.entry("html", "text/html"), Map.entry("json", "application/json"),
            Map.entry("zip", "application/zip"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"), Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"));
    static final String DEFAULT_TYPE = "application/octet-stream";

    private OutboxFiles() {
    }

    /** One copied file as the row lists it: base name, MIME type, size in bytes. */
    record Attached(String name, String type, long size) {
    }

    /** A file the send may not attach; the message names the path and why. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Checks every path, then copies them all into {@code target}; nothing is left there on a refusal. */
    static List<Attached> copy(List<String> paths, Path groupDir, Path target, long maxFile, Durability durability)
            throws Refused {
        List<Path> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String p : paths) {
            Path source = check(p, groupDir, maxFile);
            String name = source.getFileName().toString();
            if (!names.add(name)) {
                throw new Refused("two files named '" + name + "'; attached files need distinct names");
            }
            sources.add(source);
        }
        List<Attached> out = new ArrayList<>();
        try {
            Files.createDirectories(target);
            for (int i = 0; i < sources.size(); i++) {
                out.add(copyOne(paths.get(i), sources.get(i), target, maxFile, durability));
            }
            if (durability == Durability.POWER) {
                syncDir(target);
                syncDir(target.getParent());
            }
        } catch (IOException e) {
            removeQuietly(target);
            throw new Refused("files could not be copied to the outbox: " + e);
        } catch (Refused e) {
            removeQuietly(target);
            throw e;
        }
        return out;
    }

    /** The checked source path of {@code p}: inside the group folder, no symlink on the way, a regular file. */
    static Path check(String p, Path groupDir, long maxFile) throws Refused {
        Path rel;
        try {
            rel = Path.of(p);
        } catch (InvalidPathException e) {
            throw new Refused("file '" + p + "' is not a valid path");
        }
        if (rel.isAbsolute() || rel.getNameCount() == 0 || rel.toString().isEmpty()) {
            throw new Refused("file '" + p + "' must be a path relative to the group folder");
        }
        Path cur = groupDir;
        for (int i = 0; i < rel.getNameCount(); i++) {
            String part = rel.getName(i).toString();
            if (part.equals("..")) {
                throw new Refused("file '" + p + "' leaves the group folder (.. is not allowed)");
            }
            if (part.equals(".") || part.isEmpty()) {
                continue;
            }
            cur = cur.resolve(part);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(cur, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new Refused("file '" + p + "' does not exist in the group folder");
            }
            boolean last = i == rel.getNameCount() - 1;
            if (a.isSymbolicLink()) {
                throw new Refused("file '" + p + "' is or goes through a symlink; only regular files may be sent");
            }
            if (last && !a.isRegularFile()) {
                throw new Refused("file '" + p + "' is not a regular file");
            }
            if (!last && !a.isDirectory()) {
                throw new Refused("file '" + p + "' does not exist in the group folder");
            }
            if (last && a.size() > maxFile) {
                throw new Refused("file '" + p + "' is " + a.size() + " bytes, over the limit of " + maxFile
                        + " bytes (delivery.max_file)");
            }
        }
        if (cur.equals(groupDir)) {
            throw new Refused("file '" + p + "' names the group folder, not a file");
        }
        return cur;
    }

    private static Attached copyOne(String p, Path source, Path target, long maxFile, Durability durability)
            throws IOException, Refused {
        String name = source.getFileName().toString();
        Path tmp = target.resolve("." + name + ".part");
        long size = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (in.read(buf) >= 0) {
                buf.flip();
                size += buf.remaining();
                if (size > maxFile) {
                    throw new Refused("file '" + p + "' grew over the limit of " + maxFile
                            + " bytes (delivery.max_file) while it was copied");
                }
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
            if (durability == Durability.POWER) {
                out.force(true);
            }
        }
        Files.move(tmp, target.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Attached(name, typeOf(name), size);
    }

    /** A MIME type from the extension; {@value #DEFAULT_TYPE} when unknown. */
    static String typeOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT_TYPE;
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void removeQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover outbox folder without a row is never delivered
        }
    }
}
