package io.tandem.host.central;

import io.tandem.schema.rows.ContainerStatus;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.rows.UnknownSenderPolicy;

/**
 * Central rows the host works with, as read. Modes, policies and statuses are the shared-schema
 * enums, parsed once when a row is read, so no caller compares their stored spelling.
 */
public final class Rows {
    private Rows() {
    }

    public record AgentGroup(String id, String name, String folder) {
    }

    public record MessagingGroup(String id, String channelType, String platformId, String name, boolean isGroup,
                                 UnknownSenderPolicy unknownSenderPolicy, String deniedAt) {
    }

    public record Wiring(String id, String messagingGroupId, String agentGroupId, EngageMode engageMode,
                         String engagePattern, SenderScope senderScope, IgnoredMessagePolicy ignoredMessagePolicy,
                         SessionMode sessionMode, int priority) {
    }

    public record SessionRow(String id, String agentGroupId, String messagingGroupId, String threadId,
                             SessionStatus status, ContainerStatus containerStatus) {
    }

    /**
     * {@code container_configs}; JSON columns kept as text until the spec is built. {@code runtime}
     * null: the host's {@code containers.runtime}; {@code network}: the group's runners may use the
     * network under a confined runtime.
     */
    public record ContainerConfig(String agentGroupId, io.tandem.schema.rows.RuntimeKind runtime, String agentJson,
                                  String timezone, Integer maxMessagesPerBatch, boolean network) {
        public ContainerConfig(String agentGroupId, io.tandem.schema.rows.RuntimeKind runtime, String agentJson,
                               String timezone, Integer maxMessagesPerBatch) {
            this(agentGroupId, runtime, agentJson, timezone, maxMessagesPerBatch, false);
        }
    }

    /** An {@code agent_destinations} row joined with what it points at, ready to project. */
    public record Destination(String localName, DestinationType targetType, String targetId, String displayName,
                              String channelType, String platformId) {
    }

    /** A {@code users} row. */
    public record User(String id, String kind, String displayName, String createdAt) {
    }

    /** A {@code user_roles} row; {@code agentGroupId} null means global. */
    public record RoleGrant(String userId, io.tandem.schema.rows.Role role, String agentGroupId, String grantedAt) {
    }

    /** A session with what an operator lists it by: its chat, activity and age. */
    public record SessionListing(String id, String agentGroupId, String messagingGroupId, String channelType,
                                 String platformId, String threadId, SessionStatus status,
                                 ContainerStatus containerStatus, String lastActive, String createdAt) {
    }

    /** An {@code unregistered_senders} row: who was dropped, why, how often. */
    public record Drop(String channelType, String platformId, String userId, String senderName, String reason,
                       String messagingGroupId, String agentGroupId, long messageCount, String firstSeen,
                       String lastSeen) {
    }
}
