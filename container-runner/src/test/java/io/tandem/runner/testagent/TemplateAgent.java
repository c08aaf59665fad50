package io.tandem.runner.testagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@code exec} agent for tests whose answers the test writes as it goes: the Nth batch this
 * process sees is answered with the lines of {@code $SCRIPT_DIR/N.jsonl} (no file: only
 * {@code done}), with {@code {batch_id}} and {@code {seq}} (the batch's last message) filled in,
 * all in one write. A script line {@code {"crash_once":"<marker>"}} exits the process (code 3)
 * when the marker file does not exist yet, creating it first; otherwise it is skipped. Every line
 * the runner sends is appended to {@code $RESULTS_FILE}, so the test sees results and batches.
 * The batch count lives in {@code $SCRIPT_DIR/.count}, so a restarted process carries on with
 * the batch it was given again.
 */
public final class TemplateAgent {
    private TemplateAgent() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getenv("SCRIPT_DIR"));
        Path results = Path.of(System.getenv("RESULTS_FILE"));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Files.writeString(results, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(Json.text(msg, "type"))) {
                continue;
            }
            String batchId = Json.text(msg, "batch_id");
            JsonNode messages = msg.path("messages");
            long seq = messages.get(messages.size() - 1).path("seq").asLong();
            int n = nextCount(dir, batchId);
            Path script = dir.resolve(n + ".jsonl");
            StringBuilder b = new StringBuilder();
            if (Files.exists(script)) {
                for (String s : Files.readAllLines(script, StandardCharsets.UTF_8)) {
                    if (s.isBlank()) {
                        continue;
                    }
                    if (s.startsWith("{\"crash_once\"")) {
                        Path marker = Path.of(Json.text(Json.parse(s), "crash_once"));
                        if (!Files.exists(marker)) {
                            Files.createFile(marker);
                            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            System.exit(3);
                        }
                        continue;
                    }
                    b.append(s.replace("{batch_id}", batchId).replace("{seq}", Long.toString(seq))).append('\n');
                }
            } else {
                b.append(Json.write(Json.object().put("type", "done").put("batch_id", batchId)
                        .put("status", "completed"))).append('\n');
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** The number of this batch: the same number again when the same batch id comes back after a crash. */
    private static int nextCount(Path dir, String batchId) throws IOException {
        Path count = dir.resolve(".count");
        String[] last = Files.exists(count) ? Files.readString(count).split(" ") : new String[] {"0", ""};
        int n = Integer.parseInt(last[0]);
        if (last.length > 1 && last[1].equals(batchId)) {
            return n;
        }
        Files.writeString(count, (n + 1) + " " + batchId);
        return n + 1;
    }
}
