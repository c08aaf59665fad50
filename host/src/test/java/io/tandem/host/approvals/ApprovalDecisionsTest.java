package io.tandem.host.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.approvals.ApproverChoice.Candidate;
import io.tandem.host.approvals.ClickPolicy.Verdict;
import io.tandem.host.routing.AdminCommands;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The approval decisions as tables: who approves a sender, and whether a click counts. */
class ApprovalDecisionsTest {
    private static final Candidate SCOPED = new Candidate("http:scoped", "dm-scoped");
    private static final Candidate SCOPED_NO_DM = new Candidate("tg:scoped", null);
    private static final Candidate GLOBAL = new Candidate("http:global", "dm-global");
    private static final Candidate GLOBAL_NO_DM = new Candidate("tg:global", null);
    private static final Candidate OWNER = new Candidate("http:owner", "dm-owner");

    @Test
    void approverTiersAndReachability() {
        record Row(List<Candidate> scoped, List<Candidate> global, List<Candidate> owners, String user, String dm) {
        }
        List<Row> table = List.of(
                new Row(List.of(SCOPED), List.of(GLOBAL), List.of(OWNER), "http:scoped", "dm-scoped"),
                new Row(List.of(), List.of(GLOBAL), List.of(OWNER), "http:global", "dm-global"),
                new Row(List.of(), List.of(), List.of(OWNER), "http:owner", "dm-owner"),
                new Row(List.of(SCOPED_NO_DM, SCOPED), List.of(), List.of(), "http:scoped", "dm-scoped"),
                new Row(List.of(SCOPED_NO_DM), List.of(GLOBAL), List.of(), "http:global", "dm-global"),
                new Row(List.of(SCOPED_NO_DM), List.of(GLOBAL_NO_DM), List.of(), "tg:scoped", null),
                new Row(List.of(), List.of(GLOBAL_NO_DM), List.of(OWNER), "http:owner", "dm-owner"));
        for (Row r : table) {
            var choice = ApproverChoice.choose(r.scoped(), r.global(), r.owners());
            assertThat(choice).as("%s", r).isPresent();
            assertThat(choice.get().userId()).as("%s", r).isEqualTo(r.user());
            assertThat(choice.get().dmChat()).as("%s", r).isEqualTo(r.dm());
        }
        assertThat(ApproverChoice.choose(List.of(), List.of(), List.of())).isEmpty();
    }

    @ParameterizedTest(name = "owner={0} global admin={1} group admin={2} -> {3}")
    @CsvSource({"false,false,false,false", "true,false,false,true", "false,true,false,true",
            "false,false,true,true", "true,true,true,true"})
    void adminCommandAccess(boolean owner, boolean globalAdmin, boolean groupAdmin, boolean allowed) {
        assertThat(AdminCommands.allowed(owner, globalAdmin, groupAdmin)).isEqualTo(allowed);
    }

    @Test
    void adminCommandsAreWholeMessages() {
        assertThat(AdminCommands.command("/clear")).isEqualTo("/clear");
        assertThat(AdminCommands.command("  /clear\n")).isEqualTo("/clear");
        assertThat(AdminCommands.command("/clear please")).isNull();
        assertThat(AdminCommands.command("hello")).isNull();
        assertThat(AdminCommands.command(null)).isNull();
    }

    @ParameterizedTest(name = "pending={0} answered={1} token={2} approver={3} admin={4} value={5} -> {6}")
    @CsvSource({
            "true,false,false,true,true,allow,UNAUTHENTICATED",
            "false,false,false,false,false,allow,UNAUTHENTICATED",
            "false,false,true,false,false,allow,UNKNOWN",
            "false,true,true,true,true,allow,ANSWERED",
            "true,false,true,false,false,allow,FORBIDDEN",
            "true,false,true,false,false,deny,FORBIDDEN",
            "true,false,true,true,false,allow,ALLOW",
            "true,false,true,true,false,Deny,DENY",
            "true,false,true,false,true,deny,DENY",
            "true,false,true,false,true,allow,ALLOW",
            "true,false,true,true,true,maybe,BAD_VALUE",
            "true,false,true,true,true,,BAD_VALUE"})
    void clickPolicy(boolean pending, boolean answered, boolean token, boolean approver, boolean admin, String value,
                     Verdict expected) {
        assertThat(ClickPolicy.decide(pending, answered, token, approver, admin, value)).isEqualTo(expected);
    }
}
