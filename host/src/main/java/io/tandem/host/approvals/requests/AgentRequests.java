package io.tandem.host.approvals.requests;

import io.tandem.host.admin.api.AdminEffects;
import io.tandem.host.approvals.ApprovalCards;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.delivery.SystemAction;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.sweep.Timers;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Agent requests as the host wires them (DESIGN 5.7, 7.3 {@code request}): the
 * {@code request_approval} system action that files an approval and sends its card, the clicks
 * that decide it, and the expiry pass, sharing one handler registry and one way of telling the
 * agent. Each new approval arms the expiry timer at its {@code expires_at}.
 */
public final class AgentRequests {
    private static final String TIMER = "approval-expiry";

    private final CentralDb central;
    private final ApprovalCards cards;
    private final ApprovalHandlers handlers;
    private final RequestOutcomes outcomes;
    private final ChannelRegistry channels;
    private final Path dataDir;
    private final Clock clock;
    private final RequestApprovalAction action;
    private final ApprovalExpiry expiry;

    public AgentRequests(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes, InboundDb inbound,
                         SessionWaker waker, ChannelRegistry channels, Timers timers, Duration ttl, Clock clock) {
        this.central = central;
        this.cards = new ApprovalCards(channels, clock);
        this.handlers = ApprovalHandlers.standard(stores);
        this.outcomes = new RequestOutcomes(dataDir, lanes, inbound, waker, channels, clock);
        this.channels = channels;
        this.dataDir = dataDir;
        this.clock = clock;
        this.expiry = new ApprovalExpiry(central, outcomes, at -> timers.arm(TIMER, at, this::expireNow), clock);
        this.action = new RequestApprovalAction(central, stores, handlers, cards, ttl,
                at -> timers.arm(TIMER, at, this::expireNow), clock);
    }

    private void expireNow() {
        expiry.run();
    }

    /** The {@link RequestApprovalAction#NAME} system action. */
    public SystemAction action() {
        return action;
    }

    /** The expiry pass: run it at start and every sweep interval; it arms its own timer too. */
    public ApprovalExpiry expiry() {
        return expiry;
    }

    /** The clicks on request cards; {@code effects} re-projects destinations after an approval. */
    public RequestClicks clicks(AdminEffects effects) {
        return new RequestClicks(central, cards, handlers, outcomes, effects, channels, dataDir, clock);
    }
}
