package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.Role;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval clicks through the channel-neutral {@code ActionClicks}: the approver's identity counts
 * only when something vouches for it, the admin token (http) or a channel that verifies its
 * senders ({@link Channel#verifiesSenders()}, as Telegram does); otherwise the click is refused
 * 403 and the held message stays held.
 */
class ApprovalClickIdentityTest {
    @TempDir
    Path tmp;
    HttpLoop h;
    String cardId;

    /** A channel whose sender ids the platform vouches for. */
    private static final class Verifying implements Channel {
        @Override
        public String channelType() {
            return "verifying";
        }

        @Override
        public boolean supportsThreads() {
            return false;
        }

        @Override
        public boolean started() {
            return true;
        }

        @Override
        public boolean verifiesSenders() {
            return true;
        }

        @Override
        public CompletableFuture<String> send(OutboundDelivery delivery) {
            return CompletableFuture.completedFuture("1");
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        h = new HttpLoop(tmp);
        h.channels.register(new Verifying());
        h.central.call(c -> Sql.tx(c, tx -> {
            h.stores.users().upsertUser(tx, "http:admin", "http", "admin");
            h.stores.users().grantRole(tx, "http:admin", Role.ADMIN, HttpLoop.GROUP, null);
            return Sql.update(tx, "UPDATE messaging_groups SET unknown_sender_policy = 'request_approval' "
                    + "WHERE platform_id = 'demo'");
        }));
        var n = Json.object().put("text", "let me in");
        n.putObject("sender").put("id", "bob");
        assertThat(h.chat.post("demo", Json.write(n)).body().path("dropped").asText())
                .isEqualTo("unknown_sender_request_approval");
        JsonNode card = h.chat.awaitEvent("dm-admin", 0, 30);
        cardId = card.path("question_id").asText();
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private ClickOutcome click(String channelType, boolean adminBearer) throws Exception {
        return h.approvals.click(new ActionClick(channelType, "dm-admin", cardId, "allow", "http:admin", adminBearer))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void anUnverifiedIdentityIsRefusedAndAVerifyingChannelsClickCounts() throws Exception {
        ClickOutcome unverified = click("http", false);
        assertThat(unverified).isInstanceOf(ClickOutcome.Refused.class);
        assertThat(((ClickOutcome.Refused) unverified).refusal()).isEqualTo(ClickOutcome.Refusal.FORBIDDEN);
        assertThat(((ClickOutcome.Refused) unverified).message()).contains("admin token");

        ClickOutcome verified = click("verifying", false);
        assertThat(verified).isInstanceOf(ClickOutcome.Answered.class);
        assertThat(((ClickOutcome.Answered) verified).message()).startsWith("allowed").contains("replayed to 1");
        ClickOutcome again = click("http", true);
        assertThat(((ClickOutcome.Refused) again).refusal()).isEqualTo(ClickOutcome.Refusal.ALREADY_ANSWERED);
    }

    @Test
    void theAdminTokenVouchesForAnHttpClicker() throws Exception {
        assertThat(click("http", true)).isInstanceOf(ClickOutcome.Answered.class);
    }
}
