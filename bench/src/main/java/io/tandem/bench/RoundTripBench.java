package io.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.HostDaemon;
import io.tandem.host.config.ConfigLoader;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Round-trip benchmark (run by {@code scripts/bench}, never by the test suite): a host in this JVM,
 * a real runner process with the echo agent, real loopback HTTP. Measures POST → reply event on
 * the long poll, one message at a time, with the watch on and poll-only, and counts commits per
 * message (host in-process, runner from its exit log line).
 */
public final class RoundTripBench {
    private static final Pattern RUNNER_COMMITS = Pattern.compile("runner\\.exit.*commits=\"?(\\d+)");
    private final HttpClient client = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int watched = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int polled = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        RoundTripBench b = new RoundTripBench();
        Result w = b.run("watch", true, watched);
        Result p = b.run("poll-only", false, polled);
        System.out.println();
        System.out.printf("%-10s %6s %9s %9s %9s %9s %11s %13s%n", "mode", "msgs", "cold ms", "p50 ms", "p99 ms",
                "max ms", "host c/msg", "runner c/msg");
        for (Result r : List.of(w, p)) {
            System.out.printf("%-10s %6d %9.1f %9.2f %9.2f %9.2f %11.2f %13s%n", r.mode, r.samples.length, r.coldMs,
                    pct(r.samples, 50), pct(r.samples, 99), r.samples[r.samples.length - 1], r.hostCommits,
                    r.runnerCommits < 0 ? "n/a" : String.format("%.2f", r.runnerCommits));
        }
        System.exit(0);
    }

    private record Result(String mode, double coldMs, double[] samples, double hostCommits, double runnerCommits) {
    }

    private Result run(String mode, boolean watch, int n) throws Exception {
        Path data = Files.createTempDirectory("tandem-bench-" + mode);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", data.toString());
        flags.put("adapters.http.bind", "127.0.0.1:0");
        flags.put("admin.bind", "127.0.0.1:0");
        flags.put("runner.watch", Boolean.toString(watch));
        flags.put("delivery.watch", Boolean.toString(watch));
        String jar = System.getProperty("tandem.runner.jar");
        if (jar != null) {
            flags.put("containers.process.runner_jar", jar);
        }
        TandemConfig config = ConfigLoader.load(null, System.getenv(), flags);
        System.err.printf("bench %s: %d messages, data %s%n", mode, n, data);
        HostDaemon host = HostDaemon.start(config, Clock.systemUTC());
        String base = "http://" + host.httpAddress();
        long cursor = 0;
        long t0 = System.nanoTime();
        cursor = roundTrip(base, "cold", cursor);
        double cold = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < 20; i++) {
            cursor = roundTrip(base, "warm-up " + i, cursor);
        }
        long commitsBefore = Sql.commits();
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            cursor = roundTrip(base, "m" + i, cursor);
            samples[i] = (System.nanoTime() - s) / 1e6;
        }
        double hostCommits = (Sql.commits() - commitsBefore) / (double) n;
        host.close();
        Arrays.sort(samples);
        return new Result(mode, cold, samples, hostCommits, runnerCommitsPerMessage(data, n + 21));
    }

    private long roundTrip(String base, String text, long after) throws IOException, InterruptedException {
        String body = "{\"sender\":{\"id\":\"bench\"},\"text\":" + Json.write(text) + "}";
        HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chats/demo/messages"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("POST answered " + posted.statusCode() + ": " + posted.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                    + "/v1/chats/demo/messages?wait=30&after=" + after)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode events = Json.parse(r.body()).path("events");
            if (events.size() > 0) {
                return events.get(events.size() - 1).path("cursor").asLong();
            }
        }
        throw new IllegalStateException("no reply to '" + text + "' within 60 s");
    }

    private static double runnerCommitsPerMessage(Path data, int messages) throws IOException {
        Path logs = data.resolve("logs");
        long total = 0;
        boolean found = false;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher m = RUNNER_COMMITS.matcher(line);
                    if (m.find()) {
                        total += Long.parseLong(m.group(1));
                        found = true;
                    }
                }
            }
        }
        return found ? total / (double) messages : -1;
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

}
