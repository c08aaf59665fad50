package io.tandem.host.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The router's answer to an adapter, returned only after every inbound commit: the message is then
 * durable, whatever happens to the host next. {@code dropped} is non-null only when nothing was
 * routed.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RouteResult(
        @JsonProperty("id") String id,
        @JsonProperty("routed") List<Routed> routed,
        @JsonProperty("dropped") String dropped,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("duplicate") boolean duplicate) {

    public record Routed(@JsonProperty("session_id") String sessionId,
                         @JsonProperty("agent_group_id") String agentGroupId,
                         @JsonProperty("seq") long seq) {
    }

    public static RouteResult dropped(String id, String reason) {
        return new RouteResult(id, List.of(), reason, false);
    }

    public RouteResult asDuplicate() {
        return new RouteResult(id, routed, dropped, true);
    }
}
