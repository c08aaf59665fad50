package io.tandem.host.cli.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The questions waiting for this terminal's answer, newest last. A bare number answers the newest
 * one. Shared between the event stream's thread (which adds) and the input thread (which answers
 * and removes), hence synchronized. Bounded: only the newest {@value #MAX} are kept.
 */
public final class OpenQuestions {
    static final int MAX = 32;

    private final Map<String, OpenQuestion> open = new LinkedHashMap<>();

    public synchronized void add(OpenQuestion q) {
        open.remove(q.questionId());
        open.put(q.questionId(), q);
        while (open.size() > MAX) {
            open.remove(open.keySet().iterator().next());
        }
    }

    public synchronized Optional<OpenQuestion> newest() {
        OpenQuestion last = null;
        for (OpenQuestion q : open.values()) {
            last = q;
        }
        return Optional.ofNullable(last);
    }

    public synchronized void remove(String questionId) {
        open.remove(questionId);
    }
}
