package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a refused admin command in the chat it came from (DESIGN 5.1 step 7), through the
 * chat's adapter, after the routing transaction committed. Best effort: a failed send is logged.
 */
public final class CommandDenials {
    private static final Logger log = LoggerFactory.getLogger(CommandDenials.class);

    private final ChannelRegistry channels;
    private final Clock clock;

    public CommandDenials(ChannelRegistry channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    public Runnable answer(InboundEvent ev, String command, String agentGroupId) {
        ObjectNode content = Json.object();
        content.put("text", command + " needs an owner or an admin of agent group " + agentGroupId + "; "
                + ev.userId() + " is neither");
        OutboundDelivery d = new OutboundDelivery(null, agentGroupId, Ids.mint("deny"), 0, "chat", ev.channelType(),
                ev.platformId(), ev.threadId(), content, Timestamps.now(clock));
        return () -> channels.get(d.channelType()).ifPresent(ch -> ch.send(d).whenComplete((r, err) -> {
            if (err != null) {
                log.atWarn().addKeyValue("chat", d.platformId()).addKeyValue("error", err.toString())
                        .log("approval.command_denial_failed");
            }
        }));
    }
}
