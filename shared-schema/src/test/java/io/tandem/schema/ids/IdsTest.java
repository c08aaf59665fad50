package io.tandem.schema.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    static Stream<Arguments> hostileIds() {
        return Stream.of(
                Arguments.of("../x"),
                Arguments.of("a/b"),
                Arguments.of("/abs"),
                Arguments.of("a\\b"),
                Arguments.of(".."),
                Arguments.of("."),
                Arguments.of("-a"),
                Arguments.of("_a"),
                Arguments.of(".hidden"),
                Arguments.of("a\u0000b"),
                Arguments.of("a\nb"),
                Arguments.of("a\n"),
                Arguments.of("a b"),
                Arguments.of("caf\u00e9"),
                Arguments.of("a".repeat(200)),
                Arguments.of("a".repeat(129)));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    @NullAndEmptySource
    void hostileIdsAreRefusedNamingTheField(String id) {
        InvalidIdException e = catchThrowableOfType(InvalidIdException.class, () -> Ids.requireSafe("session_id", id));
        assertThat(e).as("requireSafe(%s)", id).isNotNull();
        assertThat(e.field()).isEqualTo("session_id");
        assertThat(e).hasMessageContaining("session_id").hasMessageNotContaining("\u0000")
                .hasMessageNotContaining("\n");
        assertThat(Ids.isSafe(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "s-01jd3x5m7qz8k9w2v4b6n8p0rt", "a.b_c-d", "A", "0", "a..b", "x.", "echo",
            "telegram-123"})
    void pathSafeIdsAreAccepted(String id) {
        assertThat(Ids.requireSafe("id", id)).isEqualTo(id);
        assertThat(Ids.isSafe(id)).isTrue();
    }

    @Test
    void idsOfExactly128CharactersAreAcceptedAndOneMoreIsNot() {
        assertThat(Ids.isSafe("a".repeat(128))).isTrue();
        assertThat(Ids.isSafe("a".repeat(129))).isFalse();
    }

    @Test
    void mintedIdsAreSafeCarryTheirPrefixAndSortInMintOrder() {
        for (String prefix : List.of(Ids.AGENT_GROUP, Ids.MESSAGING_GROUP, Ids.SESSION, Ids.MESSAGE_IN,
                Ids.MESSAGE_OUT, Ids.TASK, Ids.QUESTION, Ids.WIRING)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ids.add(Ids.mint(prefix));
            }
            assertThat(ids).allSatisfy(id -> {
                assertThat(id).startsWith(prefix + "-").hasSize(prefix.length() + 1 + 26);
                assertThat(Ids.requireSafe("id", id)).isEqualTo(id);
            });
            assertThat(new HashSet<>(ids)).hasSize(ids.size());
            assertThat(ids).isSorted();
        }
    }
}
