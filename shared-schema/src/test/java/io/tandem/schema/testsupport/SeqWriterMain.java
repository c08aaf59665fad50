package io.tandem.schema.testsupport;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;

/**
 * One side of a session minting seq the way the contract says: a finished read of the other
 * file's max ({@code otherMax}) first, then one {@code BEGIN IMMEDIATE} INSERT computing the seq.
 * {@code in} is the host (even seq into inbound.db), {@code out} the runner (odd seq into
 * out/outbound.db). Opens only its own file read-write. Prints {@code ready}, waits for a line,
 * inserts, prints {@code done}. Any exception (a surfaced SQLITE_BUSY included) exits 1.
 *
 * <p>Args: {@code in|out <session dir> <count>}.
 */
public final class SeqWriterMain {
    private SeqWriterMain() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            boolean inbound = a[0].equals("in");
            SessionPaths paths = new SessionPaths(Path.of(a[1]));
            int count = Integer.parseInt(a[2]);
            SeqMinter minter = inbound ? SeqMinter.inbound() : SeqMinter.outbound();
            Path own = inbound ? paths.inboundDb() : paths.outboundDb();
            Path other = inbound ? paths.outboundDb() : paths.inboundDb();
            String sql = inbound
                    ? "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) VALUES (?, "
                            + minter.nextSeqSql() + ", 'chat', ?, ?, '{}')"
                    : "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES (?, "
                            + minter.nextSeqSql() + ", ?, 'chat', '{}')";
            try (Connection c = SqliteOpener.openSession(own, Durability.PROCESS)) {
                ChildMain.say("ready");
                ChildMain.readLine();
                for (int i = 0; i < count; i++) {
                    long otherMax = minter.otherMax(other);
                    String id = (inbound ? "m-" : "o-") + i;
                    String ts = Timestamps.format(Instant.now());
                    Sql.tx(c, tx -> inbound
                            ? Sql.update(tx, sql, id, otherMax, ts, id)
                            : Sql.update(tx, sql, id, otherMax, ts));
                }
            }
            ChildMain.say("done");
        });
    }
}
