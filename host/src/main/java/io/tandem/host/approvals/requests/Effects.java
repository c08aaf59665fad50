package io.tandem.host.approvals.requests;

import java.util.Set;

/**
 * What a handler did, for the agent ({@code detail}) and for the work due after the commit: the
 * groups whose destinations must be re-projected into their sessions and the folder of a group
 * it created ({@code null} when none).
 */
public record Effects(String detail, Set<String> reprojectGroups, String newGroupFolder) {
    public Effects {
        reprojectGroups = Set.copyOf(reprojectGroups);
    }
}
