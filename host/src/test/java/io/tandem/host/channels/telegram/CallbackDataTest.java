package io.tandem.host.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Callback data: short, within 64 bytes, stable per (question, value), and only ours is parsed back. */
class CallbackDataTest {
    @Test
    void dataFitsTelegramsLimitEvenForLongIdsAndValues() {
        String id = CallbackData.shortId("q-" + "f".repeat(16), "v".repeat(5000));
        String data = CallbackData.data(id);
        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CallbackData.MAX_BYTES);
        assertThat(CallbackData.parse(data)).contains(id);
        assertThat(CallbackData.stateKey(id)).isEqualTo("telegram:cb:" + id);
    }

    @Test
    void theSamePairAlwaysMapsToTheSameIdAndDifferentPairsDoNot() {
        assertThat(CallbackData.shortId("q-1", "yes")).isEqualTo(CallbackData.shortId("q-1", "yes"));
        assertThat(CallbackData.shortId("q-1", "yes")).isNotEqualTo(CallbackData.shortId("q-1", "no"));
        assertThat(CallbackData.shortId("q-1", "yes")).isNotEqualTo(CallbackData.shortId("q-2", "yes"));
        // the separator keeps ("q-1a","b") and ("q-1","ab") apart
        assertThat(CallbackData.shortId("q-1a", "b")).isNotEqualTo(CallbackData.shortId("q-1", "ab"));
    }

    @ParameterizedTest(name = "[{0}] is not ours")
    @CsvSource(value = {"NULL", "''", "x:abcdefghijklmnopqrstuv", "q:short", "q:abcdefghijklmnopqrstuvw",
            "q:abcdefghijklmnopqrst/+", "q:abcdefghijklmnopqrstü"}, nullValues = "NULL")
    void foreignDataIsNotParsed(String data) {
        assertThat(CallbackData.parse(data)).isEqualTo(Optional.empty());
    }
}
