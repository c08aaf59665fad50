package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.runner.store.Destination;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DestinationMatch} as a decision table over one set of destinations. */
class DestinationMatchTest {
    private static final List<Destination> ALL = List.of(
            new Destination("ops", "Operations", "channel", "http", "ops-room", null),
            new Destination("sales-eu", "Sales", "channel", "http", "eu", null),
            new Destination("sales-us", "Sales", "channel", "http", "us", null),
            new Destination("Peer", "Peer", "agent", null, null, "ag-peer"));

    @Test
    void exact_names_win_then_a_unique_case_insensitive_name_or_display_name_else_a_refusal_listing_candidates() {
        assertThat(found("ops")).isEqualTo("ops");
        assertThat(found("OPS")).isEqualTo("ops");
        assertThat(found("operations")).isEqualTo("ops");
        assertThat(found("sales-us")).isEqualTo("sales-us");
        assertThat(found("Peer")).isEqualTo("Peer");
        assertThat(found("peer")).isEqualTo("Peer");
        assertThat(refused("sales")).isEqualTo(
                "destination 'sales' is ambiguous; candidates: sales-eu (Sales), sales-us (Sales); send to one exact name");
        assertThat(refused("nowhere")).isEqualTo(
                "unknown destination 'nowhere'; candidates: ops (Operations), sales-eu (Sales), sales-us (Sales), Peer");
        assertThat(DestinationMatch.resolve("x", List.of()).refusal())
                .isEqualTo("unknown destination 'x'; this session has no destinations");
    }

    private static String found(String name) {
        DestinationMatch.Result r = DestinationMatch.resolve(name, ALL);
        assertThat(r.refusal()).isNull();
        return r.destination().name();
    }

    private static String refused(String name) {
        DestinationMatch.Result r = DestinationMatch.resolve(name, ALL);
        assertThat(r.destination()).isNull();
        return r.refusal();
    }
}
