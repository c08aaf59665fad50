package io.tandem.host.questions;

import io.tandem.host.approvals.ApprovalClicks;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ClickOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * The one {@link ActionClicks} every channel is given: approval card ids ({@code sa-…},
 * {@code ca-…}) go to the approval decisions, every other id to the agents' questions. Ids cannot
 * collide: agents' question ids are minted {@code q-} + hex by the runner.
 */
public final class HostClicks implements ActionClicks {
    private final ApprovalClicks approvals;
    private final ActionClicks questions;

    public HostClicks(ApprovalClicks approvals, ActionClicks questions) {
        this.approvals = approvals;
        this.questions = questions;
    }

    @Override
    public CompletableFuture<ClickOutcome> click(ActionClick click) {
        return approvals.handles(click.questionId()) ? approvals.click(click) : questions.click(click);
    }
}
