package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiRequest;
import io.tandem.host.admin.api.ApiResponse;
import io.tandem.host.config.ConfigLoader;
import io.tandem.host.doctor.Doctor;
import io.tandem.host.doctor.DoctorReport;
import io.tandem.host.doctor.Finding;
import io.tandem.host.doctor.HostProbe;
import io.tandem.schema.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem doctor [--data D] [--fix] [--json]}: checks a data folder read-only (safe while a
 * host runs) and prints one line per finding and a summary. {@code --fix} quarantines each session
 * with a corrupt {@code inbound.db}/{@code outbound.db} (the file moved aside, never deleted; the
 * session marked so {@code status} and {@code /readyz} report it), through the running host's
 * admin API when a host holds the folder, directly otherwise; then checks again. Exit 0 when no
 * error remains, 1 when one does.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check a data folder (integrity, schema versions, folders, journals, heartbeats, disk, "
                + "permissions); --fix quarantines broken session files. Exit 0 no errors, 1 errors remain.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    AdminOptions o;

    @Option(names = "--fix", description = "quarantine each session with a corrupt session file (moved aside)")
    boolean fix;

    @Override
    public Integer call() throws Exception {
        AdminClient.quietLogs();
        Path data = o.dataDir();
        Clock clock = Clock.systemUTC();
        List<Finding> configFindings = new ArrayList<>();
        Optional<Duration> stale = heartbeatStale(data, configFindings);
        Doctor doctor = Doctor.standard();
        List<Finding> findings = doctor.run(data, clock, stale);
        List<Map<String, Object>> fixes = new ArrayList<>();
        if (fix) {
            Map<String, Set<String>> broken = new LinkedHashMap<>();
            for (Finding f : findings) {
                if (f.broken() != null) {
                    broken.computeIfAbsent(f.broken().sessionId(), k -> new LinkedHashSet<>()).add(f.broken().file().wire());
                }
            }
            for (Map.Entry<String, Set<String>> e : broken.entrySet()) {
                fixes.add(quarantine(data, e.getKey(), e.getValue()));
            }
            if (!broken.isEmpty()) {
                findings = doctor.run(data, clock, stale);
            }
        }
        List<Finding> all = new ArrayList<>(configFindings);
        all.addAll(findings);
        DoctorReport report = new DoctorReport(data.toString(), HostProbe.probe(data).running(), all, fixes);
        System.out.print(o.json ? Json.write(report.json()) + "\n" : report.text());
        System.out.flush();
        return report.exitCode();
    }

    private static Optional<Duration> heartbeatStale(Path data, List<Finding> out) {
        try {
            return Optional.of(ConfigLoader.load(null, System.getenv(), Map.of("data_dir", data.toString()))
                    .sweep().heartbeatStale());
        } catch (RuntimeException e) {
            out.add(Finding.error("config", "tandem.conf", e.getMessage(),
                    "fix the key it names; tandem up refuses to start until then"));
            return Optional.empty();
        }
    }

    /** One session's quarantine, through the host's admin API while a host runs, else directly. */
    private static Map<String, Object> quarantine(Path data, String sessionId, Set<String> files) {
        var body = Json.object().put("reason", "tandem doctor --fix: corrupt " + String.join(", ", files));
        var list = body.putArray("files");
        files.forEach(list::add);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", sessionId);
        try {
            ApiResponse r = AdminClient.call(data, new ApiRequest("POST", List.of("sessions", sessionId, "quarantine"),
                    Map.of(), body));
            JsonNode answer = (JsonNode) r.body();
            if (r.status() >= 400) {
                m.put("error", answer.path("error").path("message").asText("HTTP " + r.status()));
                m.put("text", "session " + sessionId + " NOT quarantined: " + m.get("error"));
                return m;
            }
            List<String> moved = new ArrayList<>();
            answer.path("moved").forEach(x -> moved.add(x.path("file").asText() + " -> " + x.path("to").asText()));
            List<String> kept = new ArrayList<>();
            answer.path("kept").forEach(x -> kept.add(x.path("file").asText() + " (" + x.path("why").asText() + ")"));
            m.put("moved", moved);
            m.put("kept", kept);
            m.put("text", "session " + sessionId + " quarantined" + (moved.isEmpty() ? "" : "; moved aside: "
                    + String.join(", ", moved)) + (kept.isEmpty() ? "" : "; kept: " + String.join(", ", kept)));
        } catch (Exception e) {
            m.put("error", e.getMessage());
            m.put("text", "session " + sessionId + " NOT quarantined: " + e.getMessage());
        }
        return m;
    }
}
