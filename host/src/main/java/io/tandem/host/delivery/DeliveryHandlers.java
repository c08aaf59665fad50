package io.tandem.host.delivery;

import io.tandem.host.channels.ChannelException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The registry from {@link DeliveryOperation} to its {@link DeliveryHandler} (DESIGN 5.5). An
 * operation with no handler, a handler that throws, and a failed future all end as an explicit
 * {@link Outcome}: nothing a handler does can stall a pass or escape it.
 */
final class DeliveryHandlers {
    private final Map<DeliveryOperation, DeliveryHandler> handlers;

    DeliveryHandlers(Map<DeliveryOperation, DeliveryHandler> handlers) {
        this.handlers = new EnumMap<>(handlers);
    }

    CompletableFuture<Outcome> deliver(DueRow row) {
        DeliveryHandler h = handlers.get(row.row().operation());
        if (h == null) {
            return CompletableFuture.completedFuture(new Outcome.Failed("no handler for " + row.row().operation().wire()
                    + " rows in this host version"));
        }
        CompletableFuture<Outcome> f;
        try {
            f = h.deliver(row);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((o, err) -> err == null ? o : outcomeOf(err));
    }

    /** A permanent {@link ChannelException} fails the row; any other error is worth a retry. */
    static Outcome outcomeOf(Throwable err) {
        Throwable c = err;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return c instanceof ChannelException ce && ce.permanent() ? new Outcome.Failed(message)
                : new Outcome.Retry(message);
    }
}
