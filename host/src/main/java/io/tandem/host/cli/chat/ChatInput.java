package io.tandem.host.cli.chat;

import java.util.Locale;
import java.util.Optional;

/**
 * What a line typed at the chat prompt means: a pure function of the line and the newest open
 * question, so the whole command language is one decision table ({@code ChatInputTest}).
 * A bare number answers the open question when it names one of its options; {@code /say TEXT}
 * sends TEXT as it is (a number, or a line starting with a slash); {@code //x} sends {@code /x}.
 */
public sealed interface ChatInput {

    /** {@code /quit}: leave the chat. */
    record Quit() implements ChatInput {
    }

    /** {@code /help}: list the commands. */
    record Help() implements ChatInput {
    }

    /** An empty line: nothing to do. */
    record Blank() implements ChatInput {
    }

    /** A message to post. */
    record Say(String text) implements ChatInput {
    }

    /** Answer {@code question} with option {@code number} (1-based). */
    record Answer(OpenQuestion question, int number) implements ChatInput {
        public OpenQuestion.Option option() {
            return question.options().get(number - 1);
        }
    }

    /** The line cannot be acted on; {@code message} says why and what to type instead. */
    record Problem(String message) implements ChatInput {
    }

    String HELP = String.join("\n",
            "  type a message and press Enter to send it",
            "  N or /answer N   answer the newest question with option N",
            "  /say TEXT        send TEXT as it is (e.g. a number while a question is open)",
            "  //TEXT           send /TEXT",
            "  /help            this list",
            "  /quit or Ctrl-D  leave");

    static ChatInput parse(String line, Optional<OpenQuestion> open) {
        String s = line.strip();
        if (s.isEmpty()) {
            return new Blank();
        }
        if (s.startsWith("//")) {
            return new Say(s.substring(1));
        }
        if (!s.startsWith("/")) {
            if (open.isPresent() && isNumber(s)) {
                return answer(open.get(), s);
            }
            return new Say(s);
        }
        int space = s.indexOf(' ');
        String command = (space < 0 ? s : s.substring(0, space)).toLowerCase(Locale.ROOT);
        String arg = space < 0 ? "" : s.substring(space + 1).strip();
        switch (command) {
            case "/quit":
                return arg.isEmpty() ? new Quit() : new Problem("/quit takes no argument");
            case "/help":
                return new Help();
            case "/say":
                return arg.isEmpty() ? new Problem("/say needs the text to send") : new Say(arg);
            case "/answer":
                if (open.isEmpty()) {
                    return new Problem("no question is waiting for an answer");
                }
                if (!isNumber(arg)) {
                    return new Problem("/answer takes an option number from 1 to " + open.get().options().size());
                }
                return answer(open.get(), arg);
            default:
                return new Problem("unknown command " + command + " (/help lists them; //TEXT sends /TEXT)");
        }
    }

    private static ChatInput answer(OpenQuestion q, String digits) {
        int n = digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        int max = q.options().size();
        if (n < 1 || n > max) {
            return new Problem("the question has options 1 to " + max + "; /say " + digits
                    + " sends " + digits + " as a message");
        }
        return new Answer(q, n);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
