package io.tandem.host.approvals;

import java.util.List;
import java.util.Optional;

/**
 * Who gets a sender-approval card (DESIGN 5.1 step 5): the group's scoped admins, else global
 * admins, else owners; within that order one reachable on the chat's channel type (a known DM
 * chat) is preferred. Pure: the candidates and their DM chats are looked up by the caller.
 */
public final class ApproverChoice {
    private ApproverChoice() {
    }

    /** One possible approver; {@code dmChat} is the platform id of their DM, null when unreachable. */
    public record Candidate(String userId, String dmChat) {
    }

    /** The chosen approver and where the card goes ({@code dmChat} null: nowhere to send it). */
    public record Choice(String userId, String dmChat) {
    }

    /**
     * The first tier with anyone decides; inside it a reachable candidate wins; when nobody in that
     * tier is reachable, a reachable one of a later tier wins; else the first of the first tier.
     */
    public static Optional<Choice> choose(List<Candidate> scopedAdmins, List<Candidate> globalAdmins,
                                          List<Candidate> owners) {
        List<List<Candidate>> tiers = List.of(scopedAdmins, globalAdmins, owners);
        Candidate first = null;
        boolean firstTierSeen = false;
        for (List<Candidate> tier : tiers) {
            if (tier.isEmpty()) {
                continue;
            }
            if (!firstTierSeen) {
                first = tier.get(0);
                firstTierSeen = true;
            }
            for (Candidate c : tier) {
                if (c.dmChat() != null) {
                    return Optional.of(new Choice(c.userId(), c.dmChat()));
                }
            }
        }
        return first == null ? Optional.empty() : Optional.of(new Choice(first.userId(), null));
    }
}
