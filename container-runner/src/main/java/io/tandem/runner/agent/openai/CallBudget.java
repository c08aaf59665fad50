package io.tandem.runner.agent.openai;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time the agent may stay silent towards the runner: the runner kills an agent that writes
 * nothing for {@code batch_timeout}, counted from its last line. Every line the agent writes (and
 * the batch's arrival) restarts the budget; a chat-completions call, and a 429 wait, get only
 * what is left, so the agent always reports a failed call itself before the runner would kill it.
 * Thread-confined to the agent's thread.
 */
public final class CallBudget {
    private final long budgetNanos;
    private final LongSupplier nanoTime;
    private long since;

    public CallBudget(Duration budget, LongSupplier nanoTime) {
        this.budgetNanos = budget.toNanos();
        this.nanoTime = nanoTime;
        this.since = nanoTime.getAsLong();
    }

    /** The agent just spoke (or a batch just arrived): the full budget is available again. */
    public void restart() {
        since = nanoTime.getAsLong();
    }

    /** What is left; zero or negative when spent. */
    public Duration remaining() {
        return Duration.ofNanos(since + budgetNanos - nanoTime.getAsLong());
    }

    public Duration total() {
        return Duration.ofNanos(budgetNanos);
    }
}
