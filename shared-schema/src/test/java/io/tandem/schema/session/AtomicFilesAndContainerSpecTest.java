package io.tandem.schema.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesAndContainerSpecTest {
    @TempDir
    Path dir;

    @Test
    void atomicWriteReplacesTheContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("host.json");
        AtomicFiles.write(target, "{\"pid\":1}");
        assertThat(target).hasContent("{\"pid\":1}");
        AtomicFiles.write(target, "{\"pid\":2, \"text\":\"\u00e9\"}");
        assertThat(Files.readString(target)).isEqualTo("{\"pid\":2, \"text\":\"\u00e9\"}");
        AtomicFiles.write(target, "");
        assertThat(target).isEmptyFile();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("host.json");
        }
    }

    @Test
    void atomicWriteOverAStaleTemporaryFileStillSucceeds() throws Exception {
        Path target = dir.resolve("container.json");
        Files.writeString(dir.resolve("container.json.tmp"), "half a file from a crash, much longer than the new one");
        AtomicFiles.write(target, "new");
        assertThat(target).hasContent("new");
        assertThat(dir.resolve("container.json.tmp")).doesNotExist();
    }

    @Test
    void containerSpecRoundTripsThroughItsFileWithTheContractsFieldNames() throws Exception {
        ContainerSpec spec = new ContainerSpec(1, "ag-1", "s-1", "Europe/Berlin", 10,
                new ContainerSpec.Storage("process"),
                new ContainerSpec.Agent("exec", List.of("python3", "agent.py"), Map.of("K", "v"), "sub"),
                new ContainerSpec.Runner(250, 1000, 60_000, 120_000, false, 5_000_000L));
        Path file = dir.resolve("container.json");
        spec.writeAtomically(file);

        assertThat(ContainerSpec.read(file)).isEqualTo(spec);
        JsonNode json = Json.parse(Files.readString(file));
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("agent_group_id").asText()).isEqualTo("ag-1");
        assertThat(json.get("max_messages_per_batch").asInt()).isEqualTo(10);
        assertThat(json.at("/storage/durability").asText()).isEqualTo("process");
        assertThat(json.at("/agent/kind").asText()).isEqualTo("exec");
        assertThat(json.at("/agent/command/1").asText()).isEqualTo("agent.py");
        assertThat(json.at("/runner/poll_interval_ms").asLong()).isEqualTo(250);
        assertThat(json.at("/runner/heartbeat_interval_ms").asLong()).isEqualTo(1000);
        assertThat(json.at("/runner/idle_exit_ms").asLong()).isEqualTo(60_000);
        assertThat(json.at("/runner/batch_timeout_ms").asLong()).isEqualTo(120_000);
        assertThat(json.at("/runner/max_output_per_batch").asLong()).isEqualTo(5_000_000L);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void containerSpecDefaultsAreTheDesignsDefaults() {
        ContainerSpec.Runner r = ContainerSpec.Runner.defaults();
        assertThat(r.pollIntervalMs()).isEqualTo(1000);
        assertThat(r.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(r.idleExitMs()).isEqualTo(300_000);
        assertThat(r.batchTimeoutMs()).isEqualTo(600_000);
        assertThat(r.watchEnabled()).isTrue();
        assertThat(new ContainerSpec.Runner(1, 1, 1, 1, null).watchEnabled()).isTrue();
        assertThat(ContainerSpec.Agent.echo().kind()).isEqualTo("echo");
        assertThat(r.maxOutputPerBatchOrDefault()).isEqualTo(64L << 20);
        assertThat(new ContainerSpec.Runner(1, 1, 1, 1, true).maxOutputPerBatchOrDefault()).isEqualTo(64L << 20);
        assertThat(new ContainerSpec.Runner(1, 1, 1, 1, true, 0L).maxOutputPerBatchOrDefault())
                .isEqualTo(64L << 20);
    }

    @Test
    void aContainerJsonWithoutTheOutputLimitIsReadWithTheDefault() throws Exception {
        Path file = dir.resolve("container.json");
        Files.writeString(file, "{\"version\":1,\"agent_group_id\":\"ag\",\"runner\":{\"poll_interval_ms\":100,"
                + "\"heartbeat_interval_ms\":200,\"idle_exit_ms\":300,\"batch_timeout_ms\":400}}");
        ContainerSpec.Runner r = ContainerSpec.read(file).runner();
        assertThat(r.maxOutputPerBatch()).isNull();
        assertThat(r.maxOutputPerBatchOrDefault()).isEqualTo(64L << 20);
        assertThat(r.pollIntervalMs()).isEqualTo(100);

        Files.writeString(file, "{\"version\":1,\"agent_group_id\":\"ag\",\"runner\":{\"max_output_per_batch\":1234}}");
        assertThat(ContainerSpec.read(file).runner().maxOutputPerBatchOrDefault()).isEqualTo(1234);
    }

    @Test
    void containerSpecToleratesUnknownFieldsButRefusesAnotherVersion() throws Exception {
        Path file = dir.resolve("container.json");
        Files.writeString(file, "{\"version\":1,\"agent_group_id\":\"ag\",\"future_field\":true,"
                + "\"storage\":{\"durability\":\"power\"}}");
        assertThat(ContainerSpec.read(file).storage().durability()).isEqualTo("power");

        Files.writeString(file, "{\"version\":2,\"agent_group_id\":\"ag\"}");
        assertThatThrownBy(() -> ContainerSpec.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
        Files.writeString(file, "{\"agent_group_id\":\"ag\"}");
        assertThatThrownBy(() -> ContainerSpec.read(file)).isInstanceOf(IOException.class);
    }
}
