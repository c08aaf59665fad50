package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which {@code Channel.typing} calls to make, as a pure function of (what is shown, which chats
 * have a batch in flight, now). A chat that enters the in-flight set gets {@code on}, one that
 * leaves it gets {@code off}, and a chat still in flight gets {@code on} again once
 * {@code every} has passed since its last {@code on}: the web page hides typing after its own
 * timeout and on every agent message, so a long batch must say so again. The invariant: no chat
 * gets {@code on} more often than once per {@code every} (issue 9: "at most every 5 s"); a chat
 * that re-enters sooner after an {@code off} waits until its {@code every} has passed.
 */
final class TypingDecision {

    /** A chat's typing state: whether it is shown, and when {@code on} was last sent. */
    record Shown(boolean on, Instant lastOn) {
    }

    /** One channel call. */
    record Call(ChatTarget chat, boolean on) {
    }

    /** The calls to make and the state after them. */
    record Result(List<Call> calls, Map<ChatTarget, Shown> state) {
    }

    private TypingDecision() {
    }

    static Result decide(Map<ChatTarget, Shown> state, Set<ChatTarget> inFlight, Instant now, Duration every) {
        List<Call> calls = new ArrayList<>();
        Map<ChatTarget, Shown> next = new HashMap<>();
        for (Map.Entry<ChatTarget, Shown> e : state.entrySet()) {
            ChatTarget chat = e.getKey();
            Shown s = e.getValue();
            boolean recent = now.isBefore(s.lastOn().plus(every));
            if (inFlight.contains(chat)) {
                continue; // decided below
            }
            if (s.on()) {
                calls.add(new Call(chat, false));
            }
            if (recent) {
                next.put(chat, new Shown(false, s.lastOn())); // remembered so a quick re-entry waits
            }
        }
        for (ChatTarget chat : inFlight) {
            Shown s = state.get(chat);
            if (s == null || !now.isBefore(s.lastOn().plus(every))) {
                calls.add(new Call(chat, true));
                next.put(chat, new Shown(true, now));
            } else {
                next.put(chat, s); // too soon: shown (or pending) until its period has passed
            }
        }
        return new Result(calls, next);
    }
}
