package io.tandem.host.central;

/** Central rows the host works with, as read. */
public final class Rows {
    private Rows() {
    }

    public record AgentGroup(String id, String name, String folder) {
    }

    public record MessagingGroup(String id, String channelType, String platformId, String name, boolean isGroup,
                                 String unknownSenderPolicy, String deniedAt) {
    }

    public record Wiring(String id, String messagingGroupId, String agentGroupId, String engageMode,
                         String engagePattern, String senderScope, String ignoredMessagePolicy, String sessionMode,
                         int priority) {
    }

    public record SessionRow(String id, String agentGroupId, String messagingGroupId, String threadId, String status,
                             String containerStatus) {
    }

    /** {@code container_configs}; JSON columns kept as text until the spec is built. */
    public record ContainerConfig(String agentGroupId, String runtime, String agentJson, String timezone,
                                  Integer maxMessagesPerBatch) {
    }

    /** An {@code agent_destinations} row joined with what it points at, ready to project. */
    public record Destination(String localName, String targetType, String targetId, String displayName,
                              String channelType, String platformId) {
    }
}
