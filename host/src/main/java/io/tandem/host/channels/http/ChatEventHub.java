package io.tandem.host.channels.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Requests waiting for the next event of a chat (long polls, and each chat's SSE feed). Each waiter
 * says which cursor it has read up to ({@code after}). When an event is committed, a waiter that
 * had read exactly up to the cursor before it gets the event's JSON handed over and answers from
 * it without reading the log (issue 6: N waiters no longer make N queries per append). Any other
 * waiter below the cursor may have missed earlier events, so it is only woken and reads the log
 * again; a waiter at or above the cursor keeps waiting.
 *
 * <p>Invariant that makes it race-free without remembering past announcements: a reader
 * registers with {@link #await} <em>before</em> it queries the log. An append announces only after
 * its commit, so either the announcement comes after the registration (the waiter fires) or the
 * commit came before the query (the query sees it). A hand-over is exactly the event
 * {@code after + 1}, so answering from it neither skips nor repeats an event, whatever order
 * announcements of concurrent appends arrive in. Waiters are removed when they fire or are
 * cancelled, so memory follows the number of waiting requests, not the number of chats ever seen.
 * Thread-safe: appends announce from the central lane, requests wait on an event loop.
 */
public final class ChatEventHub {
    private final Map<String, List<Waiter>> byChat = new HashMap<>();
    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong woken = new AtomicLong();

    /** One registered wait; fires at most once. */
    public final class Waiter {
        private final String chatId;
        private final long after;
        private final Consumer<String> onEvent;
        private volatile String event;
        private volatile boolean fired;

        private Waiter(String chatId, long after, Consumer<String> onEvent) {
            this.chatId = chatId;
            this.after = after;
            this.onEvent = onEvent;
        }

        /** True once an event above {@code after} was announced after this waiter registered. */
        public boolean fired() {
            return fired;
        }

        /** The event {@code after + 1} when it was handed over, else null (read the log). */
        public String event() {
            return event;
        }

        /** Stops waiting (the request answered or went away). */
        public void cancel() {
            synchronized (ChatEventHub.this) {
                List<Waiter> l = byChat.get(chatId);
                if (l != null && l.remove(this) && l.isEmpty()) {
                    byChat.remove(chatId);
                }
            }
        }
    }

    /** Registers {@code onEvent} to run once, on the announcing thread, at the chat's next event. */
    public Waiter await(String chatId, Runnable onEvent) {
        return await(chatId, Long.MIN_VALUE, json -> onEvent.run());
    }

    /**
     * Registers a reader that has read the chat up to cursor {@code after}. {@code onEvent} runs
     * once, on the announcing thread, at the first event above {@code after}: with that event's JSON
     * when it is {@code after + 1}, with null when the reader must query the log.
     */
    public synchronized Waiter await(String chatId, long after, Consumer<String> onEvent) {
        Waiter w = new Waiter(chatId, after, onEvent);
        byChat.computeIfAbsent(chatId, k -> new ArrayList<>()).add(w);
        return w;
    }

    /** An event with {@code cursor} was committed to the chat's log: wake the waiters below it. */
    public void announce(String chatId, long cursor) {
        announce(chatId, cursor, null);
    }

    /**
     * An event with {@code cursor} was committed; {@code json} is its stored form (null when not
     * known). Waiters at {@code cursor - 1} get it, other waiters below {@code cursor} are woken.
     */
    public void announce(String chatId, long cursor, String json) {
        List<Waiter> due = new ArrayList<>();
        synchronized (this) {
            List<Waiter> l = byChat.get(chatId);
            if (l == null) {
                return;
            }
            for (Iterator<Waiter> it = l.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.after < cursor) {
                    it.remove();
                    due.add(w);
                }
            }
            if (l.isEmpty()) {
                byChat.remove(chatId);
            }
        }
        for (Waiter w : due) {
            String handed = json != null && w.after == cursor - 1 ? json : null;
            (handed != null ? handedOver : woken).incrementAndGet();
            w.event = handed;
            w.fired = true;
            w.onEvent.accept(handed);
        }
    }

    /** Requests waiting now, over all chats. */
    public synchronized int waiting() {
        return byChat.values().stream().mapToInt(List::size).sum();
    }

    /** Chats with at least one waiting request. */
    public synchronized int chats() {
        return byChat.size();
    }

    /** Waiters answered from a handed-over event so far (no query). */
    public long handedOver() {
        return handedOver.get();
    }

    /** Waiters woken to read the log so far. */
    public long woken() {
        return woken.get();
    }
}
