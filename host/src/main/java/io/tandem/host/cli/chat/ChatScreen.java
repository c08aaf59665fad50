package io.tandem.host.cli.chat;

/**
 * The terminal as the chat sees it: lines typed by the user, lines printed above the prompt.
 * {@link #print} may be called from any thread while {@link #readLine} waits (the JLine version
 * prints above the line being edited, so output never garbles the user's typing).
 */
public interface ChatScreen {

    /** The next line typed; null at the end of input (Ctrl-D). */
    String readLine();

    void print(String line);
}
