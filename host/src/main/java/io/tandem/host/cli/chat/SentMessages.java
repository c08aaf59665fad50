package io.tandem.host.cli.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ids this terminal posted its messages under (the platform message ids of the user's own
 * messages on the http channel) with their text, so an agent's reaction to one of them can be
 * shown as a reaction to "your message ...". Bounded to the newest {@value #MAX}; written by the
 * input thread, read by the event stream's thread.
 */
public final class SentMessages {
    static final int MAX = 256;

    private final Map<String, String> texts = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX;
        }
    };

    public synchronized void add(String id, String text) {
        texts.put(id, text);
    }

    public synchronized Optional<String> text(String id) {
        return Optional.ofNullable(texts.get(id));
    }
}
