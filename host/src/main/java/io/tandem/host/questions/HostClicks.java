package io.tandem.host.questions;

import io.tandem.host.approvals.ApprovalClicks;
import io.tandem.host.approvals.requests.RequestClicks;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ClickOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * The one {@link ActionClicks} every channel is given: agent-request card ids ({@code ap-…}) go to
 * the request decisions, approval card ids ({@code sa-…}, {@code ca-…}) to the approval
 * decisions, every other id to the agents' questions. Ids cannot collide: agents' question ids
 * are minted {@code q-} + hex by the runner.
 */
public final class HostClicks implements ActionClicks {
    private final ApprovalClicks approvals;
    private final ActionClicks questions;
    private final ActionClicks requests;

    /** A host without agent requests: {@code ap-} cards are unknown (404). */
    public HostClicks(ApprovalClicks approvals, ActionClicks questions) {
        this(approvals, ActionClicks.NONE, questions);
    }

    public HostClicks(ApprovalClicks approvals, ActionClicks requests, ActionClicks questions) {
        this.approvals = approvals;
        this.requests = requests;
        this.questions = questions;
    }

    @Override
    public CompletableFuture<ClickOutcome> click(ActionClick click) {
        if (RequestClicks.handles(click.questionId())) {
            return requests.click(click);
        }
        return approvals.handles(click.questionId()) ? approvals.click(click) : questions.click(click);
    }
}
