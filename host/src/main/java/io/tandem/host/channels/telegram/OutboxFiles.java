package io.tandem.host.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files an outbound chat row lists ({@code content.files}) from
 * {@code out/outbox/<message_out_id>/<name>} of its session (CONTRACTS). The container wrote them,
 * so nothing is trusted: the name must be path-safe, the file is opened without following links,
 * must be a regular file and at most {@code delivery.max_file} bytes; anything else fails the
 * row permanently with the reason.
 */
final class OutboxFiles {
    /** One file ready to upload. */
    record File(String name, String type, byte[] bytes) {
    }

    private final Path dataDir;
    private final long maxFile;

    OutboxFiles(Path dataDir, long maxFile) {
        this.dataDir = dataDir;
        this.maxFile = maxFile;
    }

    File read(OutboundDelivery d, JsonNode entry) {
        String name = entry.path("name").asText("");
        if (!Ids.isSafe(name) || d.sessionId() == null || !Ids.isSafe(d.messageOutId())) {
            throw new ChannelException("file name '" + name + "' of " + d.messageOutId() + " is not a safe name", true);
        }
        String type = entry.path("type").asText("application/octet-stream");
        Path file = SessionPaths.of(dataDir, d.agentGroupId(), d.sessionId()).outDir().resolve("outbox")
                .resolve(d.messageOutId()).resolve(name);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw new ChannelException("outbox file " + name + " of " + d.messageOutId() + " is not a regular file",
                        true);
            }
            if (attrs.size() > maxFile) {
                throw new ChannelException("outbox file " + name + " is " + attrs.size()
                        + " bytes, over delivery.max_file (" + maxFile + ")", true);
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) maxFile + 1);
                if (bytes.length > maxFile) {
                    throw new ChannelException("outbox file " + name + " grew over delivery.max_file", true);
                }
                return new File(name, type, bytes);
            }
        } catch (IOException e) {
            throw new ChannelException("outbox file " + name + " of " + d.messageOutId() + " cannot be read: " + e,
                    true);
        }
    }
}
