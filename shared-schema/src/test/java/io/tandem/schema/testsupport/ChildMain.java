package io.tandem.schema.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Plumbing shared by the child mains: line protocol on stdin/stdout, any failure exits 1. */
final class ChildMain {
    private static final BufferedReader STDIN =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @FunctionalInterface
    interface Body {
        void run(String[] args) throws Exception;
    }

    private ChildMain() {
    }

    static void run(String[] args, Body body) {
        try {
            body.run(args);
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("error " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Blocks until the parent sends a line; null when the parent closed stdin. */
    static String readLine() throws IOException {
        return STDIN.readLine();
    }
}
