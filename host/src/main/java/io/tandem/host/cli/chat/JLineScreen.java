package io.tandem.host.cli.chat;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The chat's {@link ChatScreen} on a JLine line reader: output from the event stream goes through
 * {@link LineReader#printAbove}, which redraws the prompt and the half-typed line below it.
 * Ctrl-D ends the input; Ctrl-C clears a half-typed line, and on an empty one ends the input too.
 */
public final class JLineScreen implements ChatScreen {
    private final LineReader reader;
    private final String prompt;

    public JLineScreen(LineReader reader, String prompt) {
        this.reader = reader;
        this.prompt = prompt;
    }

    @Override
    public String readLine() {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (EndOfFileException e) {
                return null;
            } catch (UserInterruptException e) {
                Thread.interrupted(); // a SIGINT interrupts the reading thread: leave no stale flag for the next read
                if (e.getPartialLine() == null || e.getPartialLine().isEmpty()) {
                    return null;
                }
            }
        }
    }

    @Override
    public void print(String line) {
        reader.printAbove(line);
    }
}
