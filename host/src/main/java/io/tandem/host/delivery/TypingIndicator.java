package io.tandem.host.delivery;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.containers.RunnerListener;
import io.tandem.host.session.SessionRef;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows typing in the chats whose batch is in flight (issue 9). Fed by every delivery pass with
 * the chats of its session's inbound rows whose current ack is {@code processing}, and by the
 * runner supervisor: a runner that exits (or is killed) leaves an ack at {@code processing} until
 * recovery, so its chats are turned off at once and the session's later passes count only while a
 * runner runs again. A periodic {@link #tick} repeats {@code on} while a batch runs
 * ({@link TypingDecision}). Channel calls are best effort, non-blocking, and never made inside a
 * database transaction; a failing adapter cannot disturb delivery.
 */
public final class TypingIndicator implements RunnerListener {
    private static final Logger log = LoggerFactory.getLogger(TypingIndicator.class);
    /** Issue 9: a {@code typing} event at most every 5 s per chat; also the repeat period. */
    public static final Duration EVERY = Duration.ofSeconds(5);

    private final ChannelRegistry channels;
    private final Clock clock;
    private final Set<String> running = new HashSet<>();
    private final Map<String, Set<ChatTarget>> inFlight = new HashMap<>();
    private Map<ChatTarget, TypingDecision.Shown> shown = Map.of();

    public TypingIndicator(ChannelRegistry channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    /** A session's chats with a batch in flight, as one delivery pass read them. */
    public synchronized void update(SessionRef s, Set<ChatTarget> chats) {
        if (!running.contains(s.sessionId())) {
            return; // a pass that read a dead runner's last acks
        }
        if (chats.isEmpty()) {
            inFlight.remove(s.sessionId());
        } else {
            inFlight.put(s.sessionId(), Set.copyOf(chats));
        }
        apply();
    }

    /** Repeats {@code on} for chats still in flight and sends the ones a rate limit held back. */
    public synchronized void tick() {
        if (!shown.isEmpty()) {
            apply();
        }
    }

    @Override
    public synchronized void runnerStarted(SessionRef session) {
        running.add(session.sessionId());
    }

    @Override
    public synchronized void runnerStopped(SessionRef session) {
        running.remove(session.sessionId());
        if (inFlight.remove(session.sessionId()) != null) {
            apply();
        }
    }

    private void apply() {
        Set<ChatTarget> all = new HashSet<>();
        inFlight.values().forEach(all::addAll);
        TypingDecision.Result r = TypingDecision.decide(shown, all, clock.instant(), EVERY);
        shown = r.state();
        for (TypingDecision.Call c : r.calls()) {
            channels.get(c.chat().channelType()).ifPresent(ch -> {
                try {
                    ch.typing(c.chat(), c.on());
                } catch (RuntimeException e) {
                    log.atDebug().addKeyValue("channel", c.chat().channelType()).addKeyValue("on", c.on())
                            .setCause(e).log("delivery.typing_failed");
                }
            });
        }
    }
}
