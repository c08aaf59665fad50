package io.tandem.host.channels.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a reply into Telegram-sized parts ({@code sendMessage} takes at most 4,096 characters).
 * Pure. A part ends after the last line break in its second half, else after the last space
 * there, else at the limit; a surrogate pair is never cut. Lengths count UTF-16 units, which is
 * what Telegram counts, so every part is accepted. Joining the parts gives the text back exactly.
 */
final class MessageSplitter {
    static final int LIMIT = 4096;

    private MessageSplitter() {
    }

    static List<String> split(String text) {
        return split(text, LIMIT);
    }

    static List<String> split(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2, got " + limit);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > limit) {
            int end = start + limit;
            int cut = lastBreak(text, start + limit / 2, end, '\n');
            if (cut < 0) {
                cut = lastBreak(text, start + limit / 2, end, ' ');
            }
            if (cut < 0) {
                cut = Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))
                        ? end - 1 : end;
            }
            parts.add(text.substring(start, cut));
            start = cut;
        }
        if (start < text.length()) {
            parts.add(text.substring(start));
        }
        return parts;
    }

    /** The index just after the last {@code c} in {@code [from, to)}, or -1. */
    private static int lastBreak(String text, int from, int to, char c) {
        int i = text.lastIndexOf(c, to - 1);
        return i >= from ? i + 1 : -1;
    }
}
