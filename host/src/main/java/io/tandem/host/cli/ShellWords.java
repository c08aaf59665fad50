package io.tandem.host.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code --command} the way a POSIX shell splits words: blanks separate, single quotes
 * keep everything literally, double quotes keep blanks (a backslash escapes {@code " \ $ `}),
 * a backslash outside quotes escapes the next character. No expansion of any kind.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("--command has an unterminated ' quote");
                }
                w.append(s, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < s.length() && s.charAt(j) != '"'; j++) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && "\"\\$`".indexOf(s.charAt(j + 1)) >= 0) {
                        d = s.charAt(++j);
                    }
                    w.append(d);
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException("--command has an unterminated \" quote");
                }
                i = j;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
