package io.tandem.runner.loop;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends the runner when its stdin reaches EOF. The host keeps the write end of that pipe open for
 * as long as it runs, so a host that dies (even by kill -9) closes it and its runners exit by
 * themselves instead of outliving it.
 */
public final class StdinEofWatch {
    private StdinEofWatch() {
    }

    public static void start(InputStream stdin, Runnable onEof) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                while (stdin.read(buf) >= 0) {
                    // the host sends nothing on stdin; it is only a lifeline
                }
            } catch (IOException e) {
                // a broken stdin is an EOF too
            }
            onEof.run();
        }, "stdin-eof");
        t.setDaemon(true);
        t.start();
    }
}
