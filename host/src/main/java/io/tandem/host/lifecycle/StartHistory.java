package io.tandem.host.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder's record of unclean starts, {@code unclean-starts.json}, for {@link CrashLoop}.
 * A start is unclean when the previous host left its {@code host.json} behind (a clean stop removes
 * it; the host lock guarantees no other host is running when we look). Only starts within
 * {@link CrashLoop#WINDOW} are kept; a clean stop deletes the file. An unreadable file counts as
 * empty (logged): the breaker must never keep a host from starting.
 */
public final class StartHistory {
    private static final Logger log = LoggerFactory.getLogger(StartHistory.class);
    static final String FILE = "unclean-starts.json";

    private final Path file;

    public StartHistory(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Records this start (when unclean) and returns the unclean starts within the window, this one
     * included. Call before this host writes its own {@code host.json}.
     */
    public List<Instant> recordStart(boolean unclean, Instant now) {
        List<Instant> kept = new ArrayList<>();
        for (Instant t : read()) {
            if (!t.isBefore(now.minus(CrashLoop.WINDOW)) && !t.isAfter(now)) {
                kept.add(t);
            }
        }
        if (unclean) {
            kept.add(now);
        }
        try {
            if (kept.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                ArrayList<String> out = new ArrayList<>();
                kept.forEach(t -> out.add(t.toString()));
                AtomicFiles.write(file, Json.write(out));
            }
        } catch (IOException e) {
            log.atWarn().addKeyValue("file", file).setCause(e).log("startup.start_history_not_written");
        }
        return List.copyOf(kept);
    }

    /** A clean stop ends any crash loop. */
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.atWarn().addKeyValue("file", file).setCause(e).log("shutdown.start_history_not_removed");
        }
    }

    private List<Instant> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file));
            List<Instant> out = new ArrayList<>();
            if (n instanceof ArrayNode a) {
                for (JsonNode t : a) {
                    out.add(Instant.parse(t.asText()));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("file", file).addKeyValue("error", e.toString())
                    .log("startup.start_history_unreadable");
            return List.of();
        }
    }
}
