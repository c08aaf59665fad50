package io.tandem.host.central;

import io.tandem.host.work.GroupCommit;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.CentralMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central database and its lane: one connection, touched only from one dedicated thread, so
 * central writes are serial without a lock and never run on an event loop. Work is submitted as a
 * callback that gets the connection (Jdbi style); it must not block on another lane.
 *
 * <p>Transactions queued behind each other share one commit ({@link #tx}); plain work ({@link
 * #submit}, {@link #call}) runs alone, and everything runs in the order it was queued.
 */
public final class CentralDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CentralDb.class);
    /** Bounds one shared transaction, so a burst cannot hold the write lock for long. */
    private static final int MAX_BATCH = 64;

    private final Connection connection;
    private final Connection readConnection;
    private final ExecutorService lane;
    private final ExecutorService readLane;
    private final Queue<Queued<?>> queue = new ConcurrentLinkedQueue<>();

    /** A work waiting for the lane; {@code inTx} = run it inside a (possibly shared) transaction. */
    private record Queued<T>(Sql.TxWork<T> work, boolean inTx, CompletableFuture<T> result) {
    }

    private CentralDb(Connection connection, Connection readConnection) {
        this.connection = connection;
        this.readConnection = readConnection;
        this.lane = singleThread("central-lane");
        this.readLane = singleThread("central-read");
    }

    private static ExecutorService singleThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens {@code central.db} and applies pending migrations (TANDEM-E004 on unknown ones). */
    public static CentralDb open(Path file, Clock clock) throws SQLException {
        Connection c = SqliteOpener.openCentral(file);
        try {
            CentralMigrations.apply(c, clock);
            Connection read = SqliteOpener.openCentral(file);
            try {
                Sql.exec(read, "PRAGMA query_only = ON");
            } catch (SQLException | RuntimeException e) {
                SqliteOpener.closeQuietly(read);
                throw e;
            }
            return new CentralDb(c, read);
        } catch (SQLException | RuntimeException e) {
            SqliteOpener.closeQuietly(c);
            throw e;
        }
    }

    /** Runs {@code work} on the central lane, outside any transaction the lane opens. */
    public <T> CompletableFuture<T> submit(Sql.TxWork<T> work) {
        return enqueue(new Queued<>(work, false, new CompletableFuture<>()));
    }

    /**
     * Runs read-only {@code work} on the central read connection (WAL: readers never wait for the
     * writer), so long polls and admin reads do not queue behind central writes. The connection
     * is {@code query_only}: a write attempted here fails instead of bypassing the writer lane.
     */
    public <T> CompletableFuture<T> read(Sql.TxWork<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run(readConnection);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, readLane);
    }

    /**
     * Runs {@code work} in a transaction on the central lane. Transactions already queued when the
     * lane gets to them share one commit (group commit), each in its own savepoint: a work that
     * throws is rolled back alone and its future fails; the others' futures complete only after
     * the shared COMMIT succeeded, and all fail if it does not (see {@link GroupCommit}).
     */
    public <T> CompletableFuture<T> tx(Sql.TxWork<T> work) {
        return enqueue(new Queued<>(work, true, new CompletableFuture<>()));
    }

    private <T> CompletableFuture<T> enqueue(Queued<T> item) {
        queue.add(item);
        try {
            lane.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            if (queue.remove(item)) {
                item.result().completeExceptionally(e);
            }
        }
        return item.result();
    }

    /**
     * One lane turn: a plain work runs alone; consecutive transactions at the head of the queue run
     * as one batch. Every enqueue schedules one turn and every turn takes at least one item, so
     * nothing is left behind, and items run in the order they were queued.
     */
    private void runNext() {
        Queued<?> head = queue.poll();
        if (head == null) {
            return;
        }
        if (!head.inTx()) {
            runPlain(head);
            return;
        }
        List<Queued<?>> batch = new ArrayList<>();
        batch.add(head);
        while (batch.size() < MAX_BATCH && queue.peek() != null && queue.peek().inTx()) {
            batch.add(queue.poll());
        }
        runBatch(batch);
    }

    private <T> void runPlain(Queued<T> item) {
        T value;
        try {
            value = item.work().run(connection);
        } catch (Throwable e) {
            item.result().completeExceptionally(wrap(e));
            return;
        }
        item.result().complete(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBatch(List<Queued<?>> batch) {
        List<GroupCommit.Outcome<Object>> outcomes;
        try {
            outcomes = GroupCommit.run(connection, batch.stream().map(q -> (Sql.TxWork<Object>) q.work()).toList());
        } catch (Throwable e) {
            log.atWarn().addKeyValue("batch", batch.size()).setCause(e).log("central.batch_failed");
            for (Queued<?> q : batch) {
                q.result().completeExceptionally(wrap(e));
            }
            return;
        }
        if (batch.size() > 1) {
            log.atDebug().addKeyValue("batch", batch.size()).log("central.group_commit");
        }
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<Object> f = (CompletableFuture) batch.get(i).result();
            GroupCommit.Outcome<Object> o = outcomes.get(i);
            if (o.failed()) {
                f.completeExceptionally(wrap(o.failure()));
            } else {
                f.complete(o.value());
            }
        }
    }

    /** As {@code supplyAsync} reports a failure, so callers see what they saw before batching. */
    private static CompletionException wrap(Throwable e) {
        return e instanceof CompletionException ce ? ce : new CompletionException(e);
    }

    /** Blocking variant for start-up and CLI verbs, never for an event loop. */
    public <T> T call(Sql.TxWork<T> work) throws SQLException {
        try {
            return submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        readLane.shutdown();
        lane.shutdown();
        try {
            readLane.awaitTermination(5, TimeUnit.SECONDS);
            lane.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SqliteOpener.closeQuietly(readConnection);
        SqliteOpener.closeQuietly(connection);
    }
}
