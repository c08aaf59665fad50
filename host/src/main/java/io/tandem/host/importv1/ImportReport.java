package io.tandem.host.importv1;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did (or, in a dry run, would do), per kind: imported, already present, skipped
 * with a reason, and the first few items imported. Counts only; a run's outcome is read from the
 * writes themselves ({@code ON CONFLICT DO NOTHING} and look-ups by v1-derived key), so a second
 * run reports everything as already present.
 */
public final class ImportReport {
    /** How many imported items a report names per kind. */
    static final int SAMPLES = 3;

    /** What is counted, in the order the summary lists it. */
    public enum Kind {
        CHATS, GROUPS, WIRINGS, SESSIONS, TASKS, MESSAGES;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Skip(String item, String reason, int count) {
    }

    /** The tally of one kind. */
    public static final class Tally {
        private int imported;
        private int present;
        private final List<Skip> skipped = new ArrayList<>();
        private final List<String> samples = new ArrayList<>();

        public int imported() {
            return imported;
        }

        public int present() {
            return present;
        }

        public List<Skip> skipped() {
            return List.copyOf(skipped);
        }

        /** Items skipped (an entry may stand for several, e.g. every message of one chat). */
        public int skippedCount() {
            return skipped.stream().mapToInt(Skip::count).sum();
        }

        public List<String> samples() {
            return List.copyOf(samples);
        }
    }

    private final boolean dryRun;
    private final Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);

    public ImportReport(boolean dryRun) {
        this.dryRun = dryRun;
        for (Kind k : Kind.values()) {
            tallies.put(k, new Tally());
        }
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Tally tally(Kind k) {
        return tallies.get(k);
    }

    void imported(Kind k, String item) {
        Tally t = tallies.get(k);
        t.imported++;
        if (t.samples.size() < SAMPLES) {
            t.samples.add(item);
        }
    }

    void present(Kind k) {
        tallies.get(k).present++;
    }

    void skipped(Kind k, String item, String reason, int count) {
        tallies.get(k).skipped.add(new Skip(item, reason, count));
    }

    /** The machine form ({@code --json}). */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        Map<String, Object> kinds = new LinkedHashMap<>();
        tallies.forEach((k, t) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put(dryRun ? "would_import" : "imported", t.imported);
            v.put("already_present", t.present);
            v.put("skipped", t.skippedCount());
            v.put("skips", t.skipped.stream().map(s -> Map.of("item", s.item(), "reason", s.reason(),
                    "count", s.count())).toList());
            v.put("first", t.samples);
            kinds.put(k.wire(), v);
        });
        m.put("kinds", kinds);
        return m;
    }

    /** The summary table and the skip reasons, for a person. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(dryRun ? "dry run: nothing written\n" : "");
        b.append(String.format("%-10s %12s %16s %8s%n", "KIND", dryRun ? "WOULD_IMPORT" : "IMPORTED",
                "ALREADY_PRESENT", "SKIPPED"));
        tallies.forEach((k, t) -> b.append(String.format("%-10s %12d %16d %8d%n", k.wire(), t.imported, t.present,
                t.skippedCount())));
        tallies.forEach((k, t) -> {
            if (dryRun && !t.samples.isEmpty()) {
                b.append(k.wire()).append(": ").append(String.join(", ", t.samples))
                        .append(t.imported > t.samples.size() ? ", …" : "").append('\n');
            }
            t.skipped.forEach(s -> b.append("skipped ").append(k.wire()).append(' ').append(s.item())
                    .append(s.count() > 1 ? " (" + s.count() + ")" : "").append(": ")
                    .append(s.reason()).append('\n'));
        });
        return b.toString();
    }
}
