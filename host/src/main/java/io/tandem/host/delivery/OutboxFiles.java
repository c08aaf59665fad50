package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundFile;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the files a chat row names ({@code "files":[{"name","type","size"}]}) in the session's
 * {@code out/outbox/<message_out_id>/}, where the runner copied them before the row committed.
 * Nothing is followed: the outbox folders and the file itself must not be symbolic links, the
 * file is opened with {@code NOFOLLOW_LINKS}, it must be a regular file of at most
 * {@code delivery.max_file} bytes, and its size is the one measured here, not the row's claim.
 * Anything else fails the delivery permanently with a message naming the file and the reason (a
 * retry cannot make a missing or oversized file right). Reads metadata only; writes nothing.
 */
final class OutboxFiles {
    private final long maxFile;

    OutboxFiles(long maxFile) {
        this.maxFile = maxFile;
    }

    List<OutboundFile> resolve(SessionPaths paths, String messageOutId, JsonNode files) {
        if (!files.isArray()) {
            throw refuse("files must be an array of {\"name\",\"type\",\"size\"}");
        }
        Path dir = paths.outbox().resolve(messageOutId);
        requireDirectory(paths.outbox(), "out/outbox");
        requireDirectory(dir, "out/outbox/" + messageOutId);
        List<OutboundFile> out = new ArrayList<>();
        for (JsonNode f : files) {
            String name = f.path("name").isTextual() ? f.path("name").asText() : null;
            if (!OutboundFile.validName(name)) {
                throw refuse("file name " + (name == null ? "(none)" : "'" + name + "'") + " is not a plain file name");
            }
            out.add(file(dir.resolve(name), name, f.path("type").isTextual() ? f.path("type").asText() : null,
                    messageOutId));
        }
        return out;
    }

    private OutboundFile file(Path p, String name, String type, String messageOutId) {
        String where = "file '" + name + "' of " + messageOutId;
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw refuse(where + " is missing from out/outbox/" + messageOutId);
        } catch (IOException e) {
            throw new ChannelException(where + " cannot be read: " + e.getMessage(), false, e);
        }
        if (a.isSymbolicLink()) {
            throw refuse(where + " is a symbolic link; refusing it");
        }
        if (!a.isRegularFile()) {
            throw refuse(where + " is not a regular file");
        }
        long size;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            size = ch.size();
        } catch (IOException e) {
            throw refuse(where + " cannot be opened without following links: " + e.getMessage());
        }
        if (size > maxFile) {
            throw refuse(where + " is " + size + " bytes, over delivery.max_file (" + maxFile + " bytes)");
        }
        return new OutboundFile(name, OutboundFile.safeType(type), size, p);
    }

    private static void requireDirectory(Path dir, String shown) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                throw refuse(shown + " is not a folder (a symbolic link or a file); refusing its files");
            }
        } catch (NoSuchFileException e) {
            throw refuse(shown + " is missing: the message's files were never copied");
        } catch (IOException e) {
            throw new ChannelException(shown + " cannot be read: " + e.getMessage(), false, e);
        }
    }

    private static ChannelException refuse(String why) {
        return new ChannelException(why, true);
    }
}
