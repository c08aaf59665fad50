package io.tandem.host.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code tandem doctor}: the findings (after any fixes), the fixes made, and the
 * exit code (0 when no error remains, 1 otherwise). Renders as text (grouped by check, one line per
 * finding, a summary line) or as a JSON tree.
 */
public record DoctorReport(String dataDir, boolean hostRunning, List<Finding> findings, List<Map<String, Object>> fixes) {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERRORS = 1;

    public long errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    }

    public long warnings() {
        return findings.stream().filter(f -> f.severity() == Severity.WARN).count();
    }

    public int exitCode() {
        return errors() == 0 ? EXIT_OK : EXIT_ERRORS;
    }

    public String summary() {
        return errors() + (errors() == 1 ? " error, " : " errors, ") + warnings()
                + (warnings() == 1 ? " warning" : " warnings");
    }

    public String text() {
        StringBuilder b = new StringBuilder("tandem doctor: " + dataDir + "\n");
        String group = null;
        for (Finding f : findings) {
            if (!f.check().equals(group)) {
                group = f.check();
                b.append('[').append(group).append("]\n");
            }
            b.append(String.format("  %-5s %s: %s", f.severity().wire(), f.subject(), f.message()));
            if (f.hint() != null) {
                b.append("  (fix: ").append(f.hint()).append(')');
            }
            b.append('\n');
        }
        for (Map<String, Object> fix : fixes) {
            b.append("fixed: ").append(fix.get("text")).append('\n');
        }
        return b.append(summary()).append('\n').toString();
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dataDir);
        m.put("host_running", hostRunning);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("check", f.check());
            one.put("severity", f.severity().wire());
            one.put("subject", f.subject());
            one.put("message", f.message());
            one.put("hint", f.hint());
            if (f.broken() != null) {
                one.put("session", f.broken().sessionId());
                one.put("file", f.broken().file().wire());
            }
            list.add(one);
        }
        m.put("findings", list);
        m.put("fixes", fixes);
        m.put("errors", errors());
        m.put("warnings", warnings());
        return m;
    }
}
