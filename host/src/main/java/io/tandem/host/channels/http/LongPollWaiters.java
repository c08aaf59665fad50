package io.tandem.host.channels.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Long-poll requests waiting for the next event of a chat. Confined to the http verticle's event
 * loop: no locks, and a notification is a re-query, never a hand-off of data.
 *
 * <p>It also remembers the newest cursor announced per chat. A poll's query and the append that
 * follows it complete on different threads, so the announcement can reach the event loop before
 * the poll's (empty) result does; {@link #announcedAfter} lets that poll query again instead of
 * waiting out its whole timeout for an event that already exists.
 */
final class LongPollWaiters {
    private final Map<String, List<Runnable>> byChat = new HashMap<>();
    private final Map<String, Long> announced = new HashMap<>();

    void add(String chatId, Runnable onEvent) {
        byChat.computeIfAbsent(chatId, k -> new ArrayList<>()).add(onEvent);
    }

    void remove(String chatId, Runnable onEvent) {
        List<Runnable> l = byChat.get(chatId);
        if (l != null) {
            l.remove(onEvent);
            if (l.isEmpty()) {
                byChat.remove(chatId);
            }
        }
    }

    /** True when an event above {@code cursor} was announced: query again rather than wait. */
    boolean announcedAfter(String chatId, long cursor) {
        return announced.getOrDefault(chatId, 0L) > cursor;
    }

    /** An event with {@code cursor} was committed to the chat's log: wake its waiters. */
    void fire(String chatId, long cursor) {
        announced.merge(chatId, cursor, Math::max);
        List<Runnable> l = byChat.remove(chatId);
        if (l != null) {
            l.forEach(Runnable::run);
        }
    }
}
