package io.tandem.schema.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.schema.ids.InvalidIdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionPathsTest {
    @TempDir
    Path data;

    @Test
    void theLayoutOfASessionFolderIsTheContractsLayout() throws Exception {
        SessionPaths p = SessionPaths.of(data, "ag-1", "s-1");
        Path root = data.toRealPath().resolve("sessions/ag-1/s-1");
        assertThat(p.root()).isEqualTo(root);
        assertThat(p.inboundDb()).isEqualTo(root.resolve("inbound.db"));
        assertThat(p.inboundJournal()).isEqualTo(root.resolve("inbound.db-journal"));
        assertThat(p.containerJson()).isEqualTo(root.resolve("container.json"));
        assertThat(p.inbox()).isEqualTo(root.resolve("inbox"));
        assertThat(p.agentMount()).isEqualTo(root.resolve("agent"));
        assertThat(p.outDir()).isEqualTo(root.resolve("out"));
        assertThat(p.outboundDb()).isEqualTo(root.resolve("out/outbound.db"));
        assertThat(p.outboundJournal()).isEqualTo(root.resolve("out/outbound.db-journal"));
        assertThat(p.heartbeat()).isEqualTo(root.resolve("out/.heartbeat"));
        assertThat(p.runnerLock()).isEqualTo(root.resolve("out/runner.lock"));
        assertThat(p.outbox()).isEqualTo(root.resolve("out/outbox"));
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("..", "s-1", "agent_group_id"),
                Arguments.of("ag-1", "..", "session_id"),
                Arguments.of("ag-1", "../../etc", "session_id"),
                Arguments.of("a/b", "s-1", "agent_group_id"),
                Arguments.of("ag-1", "s\u00001", "session_id"),
                Arguments.of("ag-1", null, "session_id"),
                Arguments.of("", "s-1", "agent_group_id"),
                Arguments.of("ag-1", "-rf", "session_id"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileIdsAreRefusedNamingTheField(String agentGroupId, String sessionId, String field) {
        InvalidIdException e = catchThrowableOfType(InvalidIdException.class,
                () -> SessionPaths.of(data, agentGroupId, sessionId));
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
    }

    @Test
    void aSymlinkedSessionFolderIsRefused() throws Exception {
        Path ag = Files.createDirectories(data.resolve("sessions/ag-1"));
        Path elsewhere = Files.createDirectories(data.resolve("elsewhere"));
        Files.createSymbolicLink(ag.resolve("s-1"), elsewhere);
        assertThat(catchThrowableOfType(InvalidIdException.class, () -> SessionPaths.of(data, "ag-1", "s-1")))
                .isNotNull();
        assertThat(Arrays.asList(elsewhere.toFile().list())).isEmpty();
    }
}
