package io.tandem.schema.lane;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A serial lane per key over a shared, bounded executor: work submitted under one key runs one at
 * a time in submission order; different keys run in parallel. Each session file is touched only
 * from its own lane, so two host connections never write one file and one slow session never
 * holds up another. Lanes never wait on each other: work needing two lanes chains futures.
 */
public final class KeyedLanes {
    private final Executor pool;
    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    public KeyedLanes(Executor pool) {
        this.pool = pool;
    }

    public <T> CompletableFuture<T> submit(String key, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        List<CompletableFuture<T>> created = new ArrayList<>(1);
        tails.compute(key, (k, tail) -> {
            CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            CompletableFuture<T> next = before.handle((r, e) -> null).thenApplyAsync(ignored -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, pool);
            created.add(next);
            return next;
        });
        // Registered outside compute(): if the work already finished, the callback runs right here,
        // and a tails.remove() from inside compute() on the same key would throw "Recursive update"
        // (leaving result never completed) or be lost (leaving a stale tail).
        CompletableFuture<T> next = created.get(0);
        next.whenComplete((r, e) -> {
            tails.remove(key, next);
            if (e != null) {
                result.completeExceptionally(e instanceof java.util.concurrent.CompletionException
                        && e.getCause() != null ? e.getCause() : e);
            } else {
                result.complete(r);
            }
        });
        return result;
    }

    /** Number of keys with queued or running work (for metrics and tests). */
    public int activeLanes() {
        return tails.size();
    }
}
