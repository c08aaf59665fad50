package io.tandem.host.central;

import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.CentralMigrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The central database and its lane: one connection, touched only from one dedicated thread, so
 * central writes are serial without a lock and never run on an event loop. Work is submitted as a
 * callback that gets the connection (Jdbi style); it must not block on another lane.
 */
public final class CentralDb implements AutoCloseable {
    private final Connection connection;
    private final ExecutorService lane;

    private CentralDb(Connection connection) {
        this.connection = connection;
        this.lane = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "central-lane");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens {@code central.db} and applies pending migrations (TANDEM-E004 on unknown ones). */
    public static CentralDb open(Path file, Clock clock) throws SQLException {
        Connection c = SqliteOpener.openCentral(file);
        try {
            CentralMigrations.apply(c, clock);
            return new CentralDb(c);
        } catch (SQLException | RuntimeException e) {
            SqliteOpener.closeQuietly(c);
            throw e;
        }
    }

    /** Runs {@code work} on the central lane. */
    public <T> CompletableFuture<T> submit(Sql.TxWork<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, lane);
    }

    /** Runs {@code work} in one transaction on the central lane. */
    public <T> CompletableFuture<T> tx(Sql.TxWork<T> work) {
        return submit(c -> Sql.tx(c, work));
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
        lane.shutdown();
        try {
            lane.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SqliteOpener.closeQuietly(connection);
    }
}
