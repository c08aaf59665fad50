package io.tandem.runner.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than {@code maxLineBytes} of one line:
 * a longer line is dropped as it streams in and reported as {@link AgentLine.Oversized}, so an
 * agent that writes a huge or endless line cannot exhaust the runner's memory. A trailing
 * {@code \r} is removed; a last line without a newline is still returned at EOF.
 *
 * <p>Not thread safe: one reader thread owns it.
 */
public final class BoundedLineReader {
    /** The protocol's limit: lines over 1 MiB are rejected. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final int SMALL_LINE = 8 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[SMALL_LINE];
    private int lineLength;
    private long overflowBytes = -1;
    private boolean eof;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or {@code null} at EOF. Blocks until a line is complete. */
    public AgentLine next() throws IOException {
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return null;
                }
                int n = in.read(chunk);
                if (n < 0) {
                    eof = true;
                    pos = 0;
                    limit = 0;
                    return lineLength > 0 || overflowBytes >= 0 ? finish() : null;
                }
                pos = 0;
                limit = n;
            }
            int newline = -1;
            for (int i = pos; i < limit; i++) {
                if (chunk[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            append(pos, end - pos);
            pos = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return finish();
            }
        }
    }

    /**
     * True when a further {@link #next} can return without waiting: bytes are buffered here or
     * already readable from the stream. Lets the reader hand over every line the agent wrote in one
     * go as one group.
     */
    public boolean hasMoreNow() throws IOException {
        if (pos < limit) {
            for (int i = pos; i < limit; i++) {
                if (chunk[i] == '\n') {
                    return true;
                }
            }
        }
        return !eof && in.available() > 0;
    }

    private void append(int from, int length) {
        if (length == 0) {
            return;
        }
        if (overflowBytes >= 0) {
            overflowBytes += length;
            return;
        }
        if ((long) lineLength + length > maxLineBytes) {
            overflowBytes = (long) lineLength + length;
            lineLength = 0;
            line = new byte[SMALL_LINE];
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + length)));
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }

    private AgentLine finish() {
        if (overflowBytes >= 0) {
            long dropped = overflowBytes;
            overflowBytes = -1;
            return new AgentLine.Oversized(dropped);
        }
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > SMALL_LINE * 8) {
            line = new byte[SMALL_LINE];
        }
        return new AgentLine.Text(text);
    }
}
