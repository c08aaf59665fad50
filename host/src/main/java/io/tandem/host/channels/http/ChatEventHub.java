package io.tandem.host.channels.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests waiting for the next event of a chat (long polls now, the SSE stream later). A waiter is
 * a wake-up, never a hand-off of data: the woken request reads the event log again.
 *
 * <p>Invariant that makes it race-free without remembering past announcements: a reader
 * registers with {@link #await} <em>before</em> it queries the log. An append announces only after
 * its commit, so either the announcement comes after the registration (the waiter fires) or the
 * commit came before the query (the query sees it). Waiters are removed when they fire or are
 * cancelled, so memory follows the number of waiting requests, not the number of chats ever seen.
 * Thread-safe: appends announce from the central lane, requests wait on an event loop.
 */
public final class ChatEventHub {
    private final Map<String, List<Waiter>> byChat = new HashMap<>();

    /** One registered wake-up; fires at most once. */
    public final class Waiter {
        private final String chatId;
        private final Runnable onEvent;
        private volatile boolean fired;

        private Waiter(String chatId, Runnable onEvent) {
            this.chatId = chatId;
            this.onEvent = onEvent;
        }

        /** True once an event was announced after this waiter registered. */
        public boolean fired() {
            return fired;
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
    public synchronized Waiter await(String chatId, Runnable onEvent) {
        Waiter w = new Waiter(chatId, onEvent);
        byChat.computeIfAbsent(chatId, k -> new ArrayList<>()).add(w);
        return w;
    }

    /** An event with {@code cursor} was committed to the chat's log: wake every waiter of it once. */
    public void announce(String chatId, long cursor) {
        List<Waiter> woken;
        synchronized (this) {
            woken = byChat.remove(chatId);
        }
        if (woken != null) {
            for (Waiter w : woken) {
                w.fired = true;
                w.onEvent.run();
            }
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
}
