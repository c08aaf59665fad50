package io.tandem.host.cli.chat;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * The chat's {@link ChatScreen} on a JLine line reader: output from the event stream goes through
 * {@link LineReader#printAbove}, which redraws the prompt and the half-typed line below it.
 * Ctrl-D ends the input; Ctrl-C clears the line being typed (and never ends the chat).
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
                // Ctrl-C only clears the line: one Ctrl-C was seen to interrupt the next read too (under
                // a pty, JLine 4.6), which would read as a second Ctrl-C on an empty line; so an
                // interrupt must never end the chat
                Thread.interrupted();
            }
        }
    }

    @Override
    public void print(String line) {
        reader.printAbove(line);
    }
}
