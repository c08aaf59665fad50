package io.tandem.host.cli.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * One interactive chat: reads the user's lines and acts on them ({@link ChatInput}), while the
 * {@link EventStream} prints what the agent sends. A message is posted under an id minted here,
 * so when the host cannot be reached (restarting) the same post is retried for a while and a
 * repeat is a duplicate the host answers from its record, not a second message. Nothing is
 * dropped silently: a message that could not be delivered to the host is reported as not sent.
 */
public final class ChatSession implements EventStream.Listener {
    private static final int SEND_ATTEMPTS = 8;

    private final ChatApi api;
    private final ChatScreen screen;
    private final String userId;
    private final String userName;
    private final OpenQuestions questions = new OpenQuestions();
    private final SentMessages sent = new SentMessages();
    private final ReconnectDelay retry;
    private final String baseUrl;
    private final EventRenderer renderer;

    public ChatSession(ChatApi api, ChatScreen screen, String userId, String userName, ReconnectDelay retry,
                       String baseUrl) {
        this.api = api;
        this.screen = screen;
        this.userId = userId;
        this.userName = userName;
        this.retry = retry;
        this.baseUrl = baseUrl;
        this.renderer = new EventRenderer(() -> {
            try {
                return api.baseUrl();
            } catch (HostAddress.HostUnreachable e) {
                return baseUrl;
            }
        }, sent);
    }

    /** The banner printed once the stream is open. */
    public String banner() {
        return "chat " + api.chatId() + " on " + baseUrl + " as " + userId + " (/help for commands, /quit to leave)";
    }

    /** Reads and acts on lines until {@code /quit} or the end of input. */
    public void run() throws InterruptedException {
        for (String line; (line = screen.readLine()) != null; ) {
            ChatInput in = ChatInput.parse(line, questions.newest());
            if (in instanceof ChatInput.Quit) {
                return;
            } else if (in instanceof ChatInput.Help) {
                screen.print(ChatInput.HELP);
            } else if (in instanceof ChatInput.Problem p) {
                screen.print("(" + p.message() + ")");
            } else if (in instanceof ChatInput.Say s) {
                say(s.text());
            } else if (in instanceof ChatInput.Answer a) {
                answer(a);
            }
        }
    }

    private void say(String text) throws InterruptedException {
        String id = "term-" + UUID.randomUUID();
        sent.add(id, text);
        ChatApi.Reply r = withRetry("message", () -> api.postMessage(id, userId, userName, text));
        if (r == null) {
            return;
        }
        if (!r.ok()) {
            screen.print("(message not accepted: " + r.error() + ")");
        } else if (r.body().hasNonNull("dropped")) {
            screen.print("(no agent takes messages from you in this chat: " + r.body().path("dropped").asText() + ")");
        }
    }

    private void answer(ChatInput.Answer a) throws InterruptedException {
        OpenQuestion.Option o = a.option();
        ChatApi.Reply r = withRetry("answer", () -> api.postAnswer(a.question().questionId(), o.value(), userId));
        if (r == null) {
            return;
        }
        if (r.ok()) {
            questions.remove(a.question().questionId());
            screen.print("(answered " + a.number() + ": " + o.label() + ")");
        } else {
            if (r.status() != 400) {
                questions.remove(a.question().questionId()); // answered elsewhere, expired or gone: no use asking again
            }
            screen.print("(answer not taken: " + r.error() + ")");
        }
    }

    private interface Call {
        ChatApi.Reply call() throws IOException, InterruptedException;
    }

    /** The call's reply, retrying while the host cannot be reached; null (reported) when it never could be. */
    private ChatApi.Reply withRetry(String what, Call call) throws InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
            Duration wait = retry.after(attempt);
            if (!wait.isZero()) {
                Thread.sleep(wait.toMillis());
            }
            try {
                return call.call();
            } catch (IOException e) {
                if (last == null) {
                    screen.print("(host not reachable, retrying: " + message(e) + ")");
                }
                last = e;
            }
        }
        screen.print("(" + what + " not sent: " + message(last) + ")");
        return null;
    }

    private static String message(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void event(SseEvent e) {
        EventRenderer.Rendered r = renderer.render(e);
        if (r.question() != null) {
            questions.add(r.question());
        }
        if (!r.lines().isEmpty()) {
            screen.print(String.join("\n", r.lines())); // one redraw of the prompt per event
        }
    }

    @Override
    public void connected(boolean again) {
        if (again) {
            screen.print("(reconnected)");
        }
    }

    @Override
    public void lost(String why) {
        screen.print("(connection to the host lost: " + why + "; reconnecting)");
    }
}
