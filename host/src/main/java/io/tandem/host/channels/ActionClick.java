package io.tandem.host.channels;

/**
 * A person's click on a button of a card a channel showed (a question's option, an approval's
 * Approve/Reject), in channel-neutral terms: any adapter that can show buttons turns its
 * platform's click into one of these and hands it to {@link ActionClicks}.
 *
 * @param channelType    the adapter's {@code channel_type}
 * @param platformChatId the chat the click happened in (the card's chat)
 * @param questionId     the {@code question_id} the card carried
 * @param value          the chosen option's value
 * @param userId         the clicking user, namespaced ({@code telegram:123}, {@code http:alice}); null when
 *                       the channel cannot tell
 * @param adminBearer    true when the click came with the admin token (http only); approval cards accept it
 *                       in place of the approver's own identity
 */
public record ActionClick(String channelType, String platformChatId, String questionId, String value,
                          String userId, boolean adminBearer) {
}
