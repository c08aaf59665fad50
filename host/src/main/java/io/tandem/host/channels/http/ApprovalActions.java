package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * The clicks on approval cards that {@link ActionsEndpoint} hands on (question ids this handler
 * {@link #handles}); a refusal fails the future with an {@link HttpError}.
 */
public interface ApprovalActions {
    ApprovalActions NONE = new ApprovalActions() {
        @Override
        public boolean handles(String questionId) {
            return false;
        }

        @Override
        public CompletableFuture<JsonNode> click(String chatId, String questionId, String value, String userId,
                                                 String authorization) {
            throw new IllegalStateException("no approval actions");
        }
    };

    boolean handles(String questionId);

    /**
     * Whether {@code authorization} carries the admin token: approval clicks present it instead of
     * the http channel's own token, so the actions endpoint accepts it too.
     */
    default boolean adminBearer(String authorization) {
        return false;
    }

    /** {@code authorization} is the raw {@code Authorization} header (null when absent). */
    CompletableFuture<JsonNode> click(String chatId, String questionId, String value, String userId,
                                      String authorization);
}
