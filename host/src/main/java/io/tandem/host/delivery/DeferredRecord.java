package io.tandem.host.delivery;

import io.tandem.host.session.DeferredWrite;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.SessionStateReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A record that only settles delivered rows, syncs acks and moves the watermark (no failed
 * attempt, no recurring task finishing, no note inserted): it waits for the session's next
 * inbound transaction, usually the next message's insert. Lost with a crashed host, its rows are
 * sent again under the same idempotency keys, as after a crash between send and record; rolled
 * back, it asks for a new pass ({@code onLost}), which sends and records them again.
 */
final class DeferredRecord implements DeferredWrite {
    private final RecordWrites writes;
    private final Consumer<List<Instant>> onCommitted;
    private final Runnable onLost;
    private final SessionStateReader stateReader = new SessionStateReader();
    private final InboundWriter writer = new InboundWriter();
    private List<Instant> askedAt = List.of();

    /** {@code onCommitted} gets, per decision, when its reply was asked for (metrics count only after the commit). */
    DeferredRecord(RecordWrites writes, Consumer<List<Instant>> onCommitted, Runnable onLost) {
        this.writes = writes;
        this.onCommitted = onCommitted;
        this.onLost = onLost;
    }

    @Override
    public void write(Connection tx) throws SQLException {
        writes.statuses(tx, stateReader);
        askedAt = writes.outcomes(tx, writer);
    }

    @Override
    public void committed() {
        onCommitted.accept(askedAt);
    }

    @Override
    public void failed(Throwable cause) {
        onLost.run();
    }
}
