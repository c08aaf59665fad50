package io.tandem.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.cli.TandemCli;
import io.tandem.schema.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a {@code tandem} verb in this JVM, as a user would from a terminal without one: stdout and
 * stderr captured, the exit code returned. With a {@link HostProcess} running on the data folder
 * the verb goes over its admin API; without one it opens the files itself.
 */
public final class Cli {
    private Cli() {
    }

    /** What a verb printed and returned. */
    public record Result(int code, String out, String err) {
        public JsonNode json() {
            return Json.parse(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    public static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = TandemCli.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
