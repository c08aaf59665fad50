package io.tandem.host.channels.http;

/**
 * The http side of approval cards: which question ids are approvals, and whether a request
 * carries the admin token. On this channel user ids are the client's claim, so an approval click
 * must present the admin token (in place of the channel's own token); without it the
 * {@link ActionsEndpoint} answers 401 before the click is handed on. The decision itself is the
 * host's {@link io.tandem.host.channels.ActionClicks}.
 */
public interface ApprovalActions {
    ApprovalActions NONE = new ApprovalActions() {
        @Override
        public boolean handles(String questionId) {
            return false;
        }

        @Override
        public boolean adminBearer(String authorization) {
            return false;
        }
    };

    /** True for the ids of approval cards (they need the admin token). */
    boolean handles(String questionId);

    /** Whether {@code authorization} (the raw header, null when absent) carries the admin token. */
    boolean adminBearer(String authorization);
}
