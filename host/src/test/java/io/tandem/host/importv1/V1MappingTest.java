package io.tandem.host.importv1;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.importv1.V1Mapping.ChatKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The v1 → Tandem mapping as decision tables: chats, triggers, tasks. */
class V1MappingTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // jid,                       channel,   is_group, type,     platform id,             group
        "120363000@g.us,              -,         -,        whatsapp, 120363000@g.us,          true",
        "4915550001@s.whatsapp.net,   whatsapp,  0,        whatsapp, 4915550001@s.whatsapp.net, false",
        "1234@lid,                    -,         -,        whatsapp, 1234@lid,                false",
        "tg:-1009001,                 telegram,  1,        telegram, -1009001,                true",
        "tg:501,                      -,         -,        telegram, 501,                     false",
        "dc:8899,                     -,         1,        discord,  8899,                    true",
        "slack:C01,                   -,         -,        slack,    C01,                     false",
        "sig:+4911,                   signal,    0,        signal,   +4911,                   false",
        "plainid,                     matrix,    -,        matrix,   plainid,                 false",
    })
    void chatKeys(String jid, String channel, String isGroup, String type, String platformId, boolean group) {
        V1Mapping.Mapped<ChatKey> k = V1Mapping.chatKey(jid, channel, isGroup == null ? null : isGroup.equals("1"));
        assertThat(k.ok()).isTrue();
        assertThat(k.value()).isEqualTo(new ChatKey(type, platformId, group));
    }

    @Test
    void bookkeepingRowsAndBareJidsWithoutAChannelAreSkipped() {
        assertThat(V1Mapping.chatKey("__group_sync__", null, false).skipReason()).contains("bookkeeping");
        assertThat(V1Mapping.chatKey("plainid", null, null).skipReason()).contains("names no channel");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // trigger, requires, main, text,              engaged
        "@Andy,     1,        0,    @Andy hi,          true",
        "@Andy,     1,        0,    '  @andy hi',      true",
        "@Andy,     1,        0,    hi @Andy,          false",
        "@Andy,     1,        0,    @Andybot hi,       false",
        "a.b+(x),   1,        0,    a.b+(x) go,        true",
        "a.b+(x),   1,        0,    aXb+(x) go,        false",
        "@Andy,     0,        0,    anything,          true",
        "@Andy,     1,        1,    anything,          true",
    })
    void triggers(String trigger, int requires, int main, String text, boolean engaged) {
        String p = V1Mapping.engagePattern(new V1Rows.Group("j", "n", "f", trigger, requires == 1, main == 1, null));
        boolean hit = p.equals(".") || Pattern.compile(p, Pattern.DOTALL).matcher(text).find();
        assertThat(hit).as("%s on %s", p, text).isEqualTo(engaged);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // type,     value,               next_run,                  status,    process_after,             recurrence,  paused, skip
        "cron,       0 9 * * *,           -,                         active,    2026-12-03T08:00:00.000Z,  0 9 * * *,   false,  -",
        "cron,       0 12 * * *,          2020-01-01T00:00:00.000Z,  paused,    2026-12-02T11:00:00.000Z,  0 12 * * *,  true,   -",
        "recurring,  */30 * * * *,        -,                         active,    2026-12-02T10:30:00.000Z,  */30 * * * *, false, -",
        "once,       2030-01-01T09:00:00, -,                         active,    2030-01-01T08:00:00.000Z,  -,           false,  -",
        "once,       2030-01-01T09:00:00, 2030-01-01T07:00:00.000Z,  active,    2030-01-01T07:00:00.000Z,  -,           false,  -",
        "once,       2020-01-01T09:00:00, 2020-01-01T08:00:00.000Z,  active,    2020-01-01T08:00:00.000Z,  -,           false,  -",
        "cron,       0 9 * * *,           -,                         completed, -,                         -,           false,  finished in v1",
        "interval,   3600000,             -,                         active,    -,                         -,           false,  no cron form",
        "cron,       0 9 * *,             -,                         active,    -,                         -,           false,  invalid recurrence",
        "cron,       0 0 30 2 *,          -,                         active,    -,                         -,           false,  never fires",
        "weekly,     x,                   -,                         active,    -,                         -,           false,  unknown schedule_type",
    })
    void tasks(String type, String value, String nextRun, String status, String processAfter, String recurrence,
               boolean paused, String skip) {
        V1Mapping.Mapped<V1Mapping.TaskPlan> m = V1Mapping.task(
                new V1Rows.Task("t1", "main", "j", "do it", type, value, nextRun, status), BERLIN, NOW);
        if (skip != null) {
            assertThat(m.ok()).isFalse();
            assertThat(m.skipReason()).contains(skip);
            return;
        }
        assertThat(m.skipReason()).isNull();
        assertThat(m.value().processAfter()).isEqualTo(Instant.parse(processAfter));
        assertThat(m.value().recurrence()).isEqualTo(recurrence);
        assertThat(m.value().paused()).isEqualTo(paused);
        assertThat(m.value().content()).isEqualTo("{\"prompt\":\"do it\"}");
    }

    @Test
    void idsAreStableAndDistinctPerChat() {
        assertThat(V1Mapping.messageId("tg:1", "5")).isEqualTo(V1Mapping.messageId("tg:1", "5"))
                .isNotEqualTo(V1Mapping.messageId("tg:2", "5")).startsWith("m-v1-");
        assertThat(io.tandem.schema.ids.Ids.isSafe(V1Mapping.taskId("task-1712345-abc"))).isTrue();
        assertThat(V1Mapping.groupId("../x").ok()).isFalse();
    }
}
