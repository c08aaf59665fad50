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
    private final Connection readConnection;
    private final ExecutorService lane;
    private final ExecutorService readLane;

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
