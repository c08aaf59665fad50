package io.tandem.host.routing;

import java.util.Set;

/**
 * Admin slash commands (DESIGN 5.1 step 7): a message whose whole text is one of them needs an
 * owner or an admin (global or of the group). Pure decisions.
 */
public final class AdminCommands {
    private static final Set<String> COMMANDS = Set.of("/clear");

    private AdminCommands() {
    }

    /** The command the text is, or null when it is an ordinary message. */
    public static String command(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return COMMANDS.contains(t) ? t : null;
    }

    /** Whether a sender with these roles may run an admin command in the group. */
    public static boolean allowed(boolean owner, boolean globalAdmin, boolean groupAdmin) {
        return owner || globalAdmin || groupAdmin;
    }
}
