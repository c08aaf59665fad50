package io.tandem.runner.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the pool's stdin as lines of at most {@value #MAX_LINE_CHARS} chars: a longer line is
 * skipped to its end and handed on as {@link #TOO_LONG} (the caller refuses it), so no input can
 * make the JVM buffer without bound. Not thread-safe: the pool's one command thread reads it.
 */
final class CommandLines {
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** Stands for a line that was longer than {@link #MAX_LINE_CHARS}. */
    static final String TOO_LONG = "\u0000too long";

    private final Reader in;

    CommandLines(InputStream in) {
        this.in = new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next line without its end ({@code \n}, optional {@code \r} before it), or null at EOF. */
    String next() throws IOException {
        StringBuilder b = new StringBuilder();
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return tooLong ? TOO_LONG : stripCr(b);
            }
            if (!tooLong) {
                b.append((char) c);
                if (b.length() > MAX_LINE_CHARS) {
                    tooLong = true;
                    b.setLength(0);
                }
            }
        }
        if (tooLong) {
            return TOO_LONG;
        }
        return b.length() == 0 ? null : stripCr(b);
    }

    private static String stripCr(StringBuilder b) {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
    }
}
