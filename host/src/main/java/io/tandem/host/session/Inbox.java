package io.tandem.host.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.db.Durability;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes inbound attachments into {@code <session>/inbox/<message id>/<name>} (DESIGN §1, §4) on the
 * session's lane, before the inbound commit that references them, so a committed row never points
 * at a file that is not there.
 *
 * <p>Invariants kept: every name is path-safe (checked again here, whatever the adapter did); the
 * session folder is not a link and {@code inbox/} is a real directory directly inside it; the
 * message folder is created exclusively (an existing one, planted or left over, is refused, never
 * reused) and each file with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}, so nothing is ever
 * overwritten and no link is followed. A failure removes exactly what this call created. Under
 * {@code storage.durability=power} files and directories are synced before the commit.
 */
public final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    /** The inbox folder's name inside a session folder (also the first part of every workspace path). */
    public static final String DIR = "inbox";

    private final Durability durability;

    public Inbox(Durability durability) {
        this.durability = durability;
    }

    /**
     * A copy of {@code content} with {@code "attachments":[{"name","type","path"}]}, the paths
     * relative to the session folder; {@code content} itself is not changed.
     */
    public static ObjectNode describe(ObjectNode content, String messageId, List<InboxFile> files) {
        ObjectNode c = content.deepCopy();
        ArrayNode arr = c.putArray("attachments");
        for (InboxFile f : files) {
            arr.addObject().put("name", f.name()).put("type", f.type()).put("path", f.workspacePath(messageId));
        }
        return c;
    }

    /** Writes {@code files} into {@code inbox/<messageId>/}; on failure removes what it wrote, then throws. */
    public void write(SessionPaths paths, String messageId, List<InboxFile> files) throws IOException {
        Ids.requireSafe("message id", messageId);
        for (InboxFile f : files) {
            Ids.requireSafe("attachment name", f.name());
        }
        Path inbox = realInbox(paths);
        Path dir = inbox.resolve(messageId);
        Files.createDirectory(dir); // exclusive: fails on anything already there, a link included
        List<Path> written = new ArrayList<>();
        long bytes = 0;
        boolean sync = durability == Durability.POWER;
        try {
            for (InboxFile f : files) {
                Path p = dir.resolve(f.name());
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    written.add(p);
                    ByteBuffer b = ByteBuffer.wrap(f.data());
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    if (sync) {
                        ch.force(true);
                    }
                }
                bytes += f.data().length;
            }
            if (sync) {
                syncDirectory(dir);
                syncDirectory(inbox);
            }
        } catch (IOException | RuntimeException e) {
            removeCreated(dir, written);
            throw e;
        }
        log.atDebug().addKeyValue("session", paths.root().getFileName()).addKeyValue("id", messageId)
                .addKeyValue("files", files.size()).addKeyValue("bytes", bytes).log("inbox.written");
    }

    /**
     * Removes {@code inbox/<messageId>/} with the named files (a message whose row was not committed,
     * or turned out to be a duplicate of an earlier one). Only those names are touched; a folder
     * holding anything else is left in place and logged.
     */
    public void remove(SessionPaths paths, String messageId, List<InboxFile> files) {
        Path dir = paths.inbox().resolve(Ids.requireSafe("message id", messageId));
        List<Path> named = new ArrayList<>();
        for (InboxFile f : files) {
            named.add(dir.resolve(Ids.requireSafe("attachment name", f.name())));
        }
        removeCreated(dir, named);
    }

    private static void removeCreated(Path dir, List<Path> files) {
        try {
            for (Path p : files) {
                Files.deleteIfExists(p); // a link is removed itself, never its target
            }
            Files.deleteIfExists(dir);
            log.atDebug().addKeyValue("dir", dir.getFileName()).addKeyValue("files", files.size())
                    .log("inbox.removed");
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("dir", dir.toString()).setCause(e).log("inbox.remove_failed");
        }
    }

    /** {@code inbox/}, created if missing, refused unless it is a real directory directly inside the real session folder. */
    private static Path realInbox(SessionPaths paths) throws IOException {
        Path root = paths.root();
        if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("session folder " + root + " is not a real directory; refusing to write attachments");
        }
        Path inbox = paths.inbox();
        if (!Files.exists(inbox, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(inbox);
        }
        if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(inbox + " is not a real directory (a link or a file); refusing to write attachments");
        }
        Path realRoot = root.toRealPath();
        if (!inbox.toRealPath().equals(realRoot.resolve(DIR))) {
            throw new IOException(inbox + " resolves outside its session folder; refusing to write attachments");
        }
        return realRoot.resolve(DIR);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
