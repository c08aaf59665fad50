package io.tandem.host.session;

import java.util.Objects;

/**
 * One inbound attachment, validated and decoded, on its way to {@code inbox/<message id>/<name>}.
 * {@code name} is already path-safe (DESIGN §1) when an adapter builds one; {@link Inbox} checks it
 * again before it touches the disk. {@code data} is owned by this record once built (not copied).
 */
public record InboxFile(String name, String type, byte[] data) {
    public InboxFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** The path an agent is handed, relative to the session folder (its workspace). */
    public String workspacePath(String messageId) {
        return Inbox.DIR + "/" + messageId + "/" + name;
    }
}
