package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * A test agent that holds every batch until the test releases it: it writes
 * {@code <dir>/held-<n>} when it takes its n-th batch (n from 1), waits until the test creates
 * {@code <dir>/release-<n>}, then answers each message with {@code held: <text>}. The test sees
 * the batch in flight for as long as it likes. Exits on stdin EOF, like every agent must.
 */
public final class HoldAgent {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int n = 0;
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue;
            }
            n++;
            Files.writeString(dir.resolve("held-" + n), msg.path("batch_id").asText());
            Path release = dir.resolve("release-" + n);
            awaitFile(release);
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                var send = Json.object().put("type", "send").put("ref", "r" + m.path("seq").asLong())
                        .put("text", "held: " + m.path("text").asText());
                reply.append(Json.write(send)).append('\n');
            }
            reply.append(Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"))).append('\n');
            out.print(reply);
            out.flush();
        }
    }

    /**
     * Blocks until {@code file} exists: a watch on its folder wakes the agent when the test creates
     * it (the timed poll only bounds a missed event; it is not the synchronisation).
     */
    private static void awaitFile(Path file) throws Exception {
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(file)) {
                var key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }
}
