package io.tandem.host.messages;

import io.tandem.schema.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a tail shows of the rows it read, and where it continues: a pure function of the rows,
 * the cursor, the limit and the time, so each case is a row of a decision table.
 *
 * <p>Rows of all files are merged by (timestamp, seq), each file's rows staying in seq order, so
 * the rows taken from a file are always a prefix of what was read from it and the cursor can
 * advance to the last one taken without skipping any. An outbound row whose delivery the host has
 * not recorded yet (outcome {@code pending}) is held back while it is younger than {@code hold},
 * together with every later row of its file: delivery usually follows within milliseconds, and a
 * follower then sees the row once, with its outcome. An older pending row (no adapter for it, a
 * host that is down) is shown as pending.
 */
public final class TailWindow {
    private TailWindow() {
    }

    /** What was read of one session: its inbound and outbound rows, each in ascending seq. */
    public record SessionRows(String session, List<TailRow> in, List<TailRow> out) {
        public SessionRows {
            in = List.copyOf(in);
            out = List.copyOf(out);
        }
    }

    /** The rows to show, the cursor to continue from, and whether more rows wait behind the limit. */
    public record Slice(List<TailRow> rows, TailCursor cursor, boolean more) {
    }

    static final Comparator<TailRow> ORDER = Comparator.comparing(TailRow::timestamp).thenComparingLong(TailRow::seq)
            .thenComparing(TailRow::session);

    /** Rows after {@code cursor} (each file read after its position, ascending, up to limit + 1 rows): the first {@code limit}. */
    public static Slice after(List<SessionRows> read, TailCursor cursor, int limit, Instant now, Duration hold) {
        List<List<TailRow>> lists = visible(read, now, hold);
        List<TailRow> merged = merge(lists);
        List<TailRow> taken = merged.subList(0, Math.min(limit, merged.size()));
        TailCursor next = cursor;
        for (SessionRows s : read) {
            TailCursor.Position p = cursor.of(s.session());
            long in = p.in();
            long out = p.out();
            for (TailRow r : taken) {
                if (r.session().equals(s.session())) {
                    if (r.inbound()) {
                        in = r.seq();
                    } else {
                        out = r.seq();
                    }
                }
            }
            next = next.with(s.session(), new TailCursor.Position(in, out));
        }
        return new Slice(List.copyOf(taken), next, merged.size() > limit);
    }

    /**
     * The last {@code limit} rows (each file read as its last rows, ascending); the cursor stands
     * after everything read, or just before the first row held back.
     */
    public static Slice last(List<SessionRows> read, int limit, Instant now, Duration hold) {
        List<TailRow> merged = merge(visible(read, now, hold));
        List<TailRow> taken = merged.subList(Math.max(0, merged.size() - limit), merged.size());
        TailCursor next = TailCursor.EMPTY;
        for (SessionRows s : read) {
            long in = s.in().isEmpty() ? 0 : s.in().get(s.in().size() - 1).seq();
            int held = firstHeld(s.out(), now, hold);
            long out = held < s.out().size() ? s.out().get(held).seq() - 1
                    : s.out().isEmpty() ? 0 : s.out().get(s.out().size() - 1).seq();
            next = next.with(s.session(), new TailCursor.Position(in, out));
        }
        return new Slice(List.copyOf(taken), next, merged.size() > limit);
    }

    private static List<List<TailRow>> visible(List<SessionRows> read, Instant now, Duration hold) {
        List<List<TailRow>> lists = new ArrayList<>();
        for (SessionRows s : read) {
            lists.add(s.in());
            lists.add(s.out().subList(0, firstHeld(s.out(), now, hold)));
        }
        return lists;
    }

    /** Index of the first outbound row to hold back (the list's size when none is). */
    static int firstHeld(List<TailRow> out, Instant now, Duration hold) {
        Instant young = now.minus(hold);
        for (int i = 0; i < out.size(); i++) {
            TailRow r = out.get(i);
            if (r.outcome() == DeliveryOutcome.PENDING && youngerThan(r.timestamp(), young)) {
                return i;
            }
        }
        return out.size();
    }

    private static boolean youngerThan(String timestamp, Instant young) {
        try {
            return Timestamps.parse(timestamp).isAfter(young);
        } catch (RuntimeException e) {
            return false; // a row with an unreadable time is shown, never held for ever
        }
    }

    /** A k-way merge by {@link #ORDER} that keeps each list's own order. */
    static List<TailRow> merge(List<List<TailRow>> lists) {
        int[] at = new int[lists.size()];
        List<TailRow> out = new ArrayList<>();
        while (true) {
            int best = -1;
            for (int i = 0; i < lists.size(); i++) {
                if (at[i] < lists.get(i).size() && (best < 0
                        || ORDER.compare(lists.get(i).get(at[i]), lists.get(best).get(at[best])) < 0)) {
                    best = i;
                }
            }
            if (best < 0) {
                return out;
            }
            out.add(lists.get(best).get(at[best]++));
        }
    }
}
