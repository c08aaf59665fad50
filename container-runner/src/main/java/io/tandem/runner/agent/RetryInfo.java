package io.tandem.runner.agent;

import io.tandem.runner.store.EarlierReply;
import java.util.List;

/**
 * What a retried message carries to the agent as {@code "retry"}: the attempt ({@code
 * messages_in.tries}, the attempt the runner acks) and the replies already in outbound.db for it
 * ({@code already_sent}, bounded; {@code omitted} counts those left out), so an agent can avoid
 * sending them again. Absent on a first attempt.
 */
public record RetryInfo(int attempt, List<EarlierReply> alreadySent, long omitted) {
    public RetryInfo {
        alreadySent = List.copyOf(alreadySent);
    }
}
