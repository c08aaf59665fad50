package io.tandem.host.delivery;

import io.tandem.host.channels.ChatTarget;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.DeliveryStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves the {@code seq} of edits and reactions by parity (invariant 2): an even seq names a
 * {@code messages_in} row and its stored {@code platform_message_id}; an odd seq names a
 * {@code messages_out} row, whose platform id is the one {@code delivered} recorded and whose chat
 * is its re-checked target. The outbound rows are read in the snapshot's one outbound open; the
 * rest comes from the host's own {@code inbound.db}. Lookups go by seq (unique) and by id (primary
 * key), never a scan.
 */
final class MessageRefResolver {
    private final OutboundRowMapper mapper;
    private final TargetCheck targets;

    MessageRefResolver(OutboundRowMapper mapper, TargetCheck targets) {
        this.mapper = mapper;
        this.targets = targets;
    }

    /** The outbound rows with the given odd seqs, read on an open outbound connection. */
    Map<Long, OutboundRow> readOutbound(Connection outbound, Set<Long> oddSeqs) throws SQLException {
        Map<Long, OutboundRow> out = new HashMap<>();
        if (oddSeqs.isEmpty()) {
            return out;
        }
        for (RawOutbound raw : Sql.list(outbound, "SELECT " + RawOutbound.COLUMNS + " FROM messages_out WHERE seq IN ("
                + marks(oddSeqs) + ")", RawOutbound::read, oddSeqs.toArray())) {
            OutboundRow r = mapper.map(raw);
            out.put(r.seq(), r);
        }
        return out;
    }

    /** Resolves every seq in {@code seqs}; {@code outboundRows} from {@link #readOutbound}. */
    Map<Long, MessageRef> resolve(Connection inbound, Set<Long> seqs, Map<Long, OutboundRow> outboundRows)
            throws SQLException {
        Map<Long, MessageRef> out = new HashMap<>();
        Set<Long> even = seqs.stream().filter(s -> s % 2 == 0).collect(Collectors.toSet());
        if (!even.isEmpty()) {
            Sql.list(inbound, "SELECT seq, channel_type, platform_id, thread_id, platform_message_id FROM messages_in "
                    + "WHERE seq IN (" + marks(even) + ")", rs -> {
                        long seq = rs.getLong(1);
                        String channel = rs.getString(2);
                        String platformId = rs.getString(3);
                        String pmid = rs.getString(5);
                        out.put(seq, channel == null || platformId == null
                                ? new MessageRef.Unresolvable("seq " + seq + " is not a chat message")
                                : pmid == null ? new MessageRef.Unresolvable("seq " + seq + " has no platform message id")
                                : new MessageRef.Resolved(new ChatTarget(channel, platformId, rs.getString(4)), pmid));
                        return null;
                    }, even.toArray());
        }
        for (Long seq : seqs) {
            if (seq % 2 == 1 && outboundRows.get(seq) != null) {
                out.put(seq, outbound(inbound, outboundRows.get(seq)));
            }
            out.putIfAbsent(seq, new MessageRef.Unresolvable("seq " + seq + " names no message of this session"));
        }
        return out;
    }

    private MessageRef outbound(Connection inbound, OutboundRow row) throws SQLException {
        if (!(row instanceof OutboundRow.Valid v)) {
            return new MessageRef.Unresolvable("seq " + row.seq() + " is not a deliverable row");
        }
        var delivered = Sql.one(inbound, "SELECT status, platform_message_id FROM delivered WHERE message_out_id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, v.key());
        if (delivered.isEmpty()) {
            return new MessageRef.NotYet("seq " + v.seq() + " is not delivered yet");
        }
        if (DeliveryStatus.fromWire(delivered.get()[0]) != DeliveryStatus.DELIVERED || delivered.get()[1] == null) {
            return new MessageRef.Unresolvable("seq " + v.seq() + " was never delivered (it failed)");
        }
        TargetCheck.Target t = targets.resolve(inbound, v.message());
        if (!t.allowed()) {
            return new MessageRef.Unresolvable("seq " + v.seq() + " has no allowed chat: " + t.refusal());
        }
        return new MessageRef.Resolved(t.chat(), delivered.get()[1]);
    }

    private static String marks(Collection<?> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(","));
    }
}
