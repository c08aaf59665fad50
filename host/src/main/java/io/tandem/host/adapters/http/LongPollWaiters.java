package io.tandem.host.adapters.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Long-poll requests waiting for the next event of a chat. Confined to the http verticle's event
 * loop: no locks, and a notification is a re-query, never a hand-off of data.
 */
final class LongPollWaiters {
    private final Map<String, List<Runnable>> byChat = new HashMap<>();

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

    void fire(String chatId) {
        List<Runnable> l = byChat.remove(chatId);
        if (l != null) {
            l.forEach(Runnable::run);
        }
    }
}
