package io.tandem.host.cli.chat;

import io.tandem.schema.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the host on a data folder listens for chats: the {@code http} address in its
 * {@code host.json}, read again at every (re)connection because a restarted host may listen on
 * another port (port 0 binds any free one).
 */
public final class HostAddress {
    private final Path dataDir;

    public HostAddress(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code http://H:P} of the host, or a {@link HostUnreachable} saying why there is none. */
    public String baseUrl() throws HostUnreachable {
        Path file = dataDir.resolve("host.json");
        String http;
        try {
            http = Json.parse(Files.readString(file)).path("http").asText("");
        } catch (NoSuchFileException e) {
            throw new HostUnreachable("no host is running on " + dataDir + " (no host.json)");
        } catch (IOException | IllegalArgumentException e) {
            throw new HostUnreachable("cannot read " + file + ": " + e.getMessage());
        }
        if (http.isEmpty()) {
            throw new HostUnreachable(file + " names no http address");
        }
        return "http://" + http;
    }

    /** The host cannot be reached now; the message says why. */
    public static final class HostUnreachable extends IOException {
        public HostUnreachable(String message) {
            super(message);
        }
    }
}
