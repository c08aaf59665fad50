package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.openai.FakeChatCompletions;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code openai} agent in a real runner process on real session files, against a
 * fake chat-completions server on loopback: replies, tool calls carried out as protocol lines,
 * the conversation kept across batches and runner restarts and forgotten at {@code /clear}, rate
 * limits waited out, and server failures turned into failed batches the runner survives. The API
 * key reaches the server and nothing else.
 */
class RunnerOpenAiAgentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String KEY_VAR = "OPENAI_TEST_KEY";
    private static final String KEY = "sk-test-4f9d2c1b7a6e";

    @TempDir
    Path tmp;

    private SessionFixture session;
    private FakeChatCompletions server;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeChatCompletions();
        session = SessionFixture.create(tmp);
        session.writeSpec(SessionFixture.spec(agent(KEY_VAR), 600_000));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ContainerSpec.Agent agent(String keyVar) {
        return new ContainerSpec.Agent("openai", List.of(), Map.of(), ".", server.baseUrl(), "test-model",
                "Be brief.", keyVar, null, null, null);
    }

    /** What the host's allow-list gives a runner of this group: the basics plus the key variable. */
    private static Map<String, String> runnerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : List.of("PATH", "HOME", "LANG")) {
            if (System.getenv(k) != null) {
                env.put(k, System.getenv(k));
            }
        }
        env.put(KEY_VAR, KEY);
        return env;
    }

    private RunnerProcess start(String name) throws Exception {
        return session.startRunner(name, runnerEnv());
    }

    private ProcessingAck awaitFinal(String id) {
        await("final ack of " + id).atMost(DEADLINE).until(() -> session.ack(id)
                .map(a -> a.status() != AckStatus.PROCESSING).orElse(false));
        try {
            return session.ack(id).orElseThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> replyTexts() throws Exception {
        return session.replies().stream().map(r -> Json.text(Json.parse(r.content()), "text")).toList();
    }

    @Test
    void aPlainAnswerIsSentAsTheReplyAndTheKeyGoesOnlyToTheServer() throws Exception {
        server.thenText("Hi Ann!");
        String id = session.insertChat("hello", true);
        long seq = session.seqOf(id);
        try (RunnerProcess runner = start("runner")) {
            assertThat(awaitFinal(id).status()).isEqualTo(AckStatus.COMPLETED);
            List<OutboundMessage> replies = session.replies();
            assertThat(replies).extracting(r -> Json.text(Json.parse(r.content()), "text")).containsExactly("Hi Ann!");
            assertThat(replies.get(0).inReplyTo()).isEqualTo(id);
            assertThat(runner.isAlive()).isTrue();
        }
        FakeChatCompletions.Request r = server.requests().get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.body().path("model").asText()).isEqualTo("test-model");
        assertThat(r.body().path("stream").asBoolean(true)).isFalse();
        assertThat(r.transcript()).containsExactly("system: Be brief.", "user: Ann (seq " + seq + "): hello");
        assertThat(r.body().path("tools").findValuesAsText("name"))
                .containsExactly("send_message", "edit_message", "add_reaction", "ask_question", "schedule_task",
                        "list_tasks", "update_task", "cancel_task", "pause_task", "resume_task");

        // the key is in no session file and no log
        try (Stream<Path> files = Stream.concat(Files.walk(session.workspace), Files.walk(tmp.resolve("logs")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s", f).doesNotContain(KEY);
            }
        }
        assertThat(Files.readString(session.paths.containerJson())).contains("\"api_key_env\" : \"" + KEY_VAR + "\"");
    }

    @Test
    void aToolCallIsCarriedOutAndItsResultGoesBackToTheModelBeforeTheFinalAnswer() throws Exception {
        server.thenText("draft answer");
        String first = session.insertChat("question", true);
        try (RunnerProcess runner = start("runner")) {
            awaitFinal(first);
            long draftSeq = session.replies().get(0).seq();
            server.thenToolCall("call-1", "edit_message", Json.object().put("seq", draftSeq).put("text", "better answer"))
                    .thenText("I fixed my answer.");
            String second = session.insertChat("please fix it", true);
            assertThat(awaitFinal(second).status()).isEqualTo(AckStatus.COMPLETED);

            List<OutboundMessage> replies = session.replies();
            assertThat(replies).hasSize(3);
            JsonNode edit = Json.parse(replies.get(1).content());
            assertThat(edit.path("operation").asText()).isEqualTo("edit");
            assertThat(edit.path("seq").asLong()).isEqualTo(draftSeq);
            assertThat(edit.path("text").asText()).isEqualTo("better answer");
            assertThat(Json.text(Json.parse(replies.get(2).content()), "text")).isEqualTo("I fixed my answer.");
        }
        List<FakeChatCompletions.Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        JsonNode messages = requests.get(2).body().path("messages");
        JsonNode call = messages.get(messages.size() - 2);
        JsonNode result = messages.get(messages.size() - 1);
        assertThat(call.path("role").asText()).isEqualTo("assistant");
        assertThat(call.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("edit_message");
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo("call-1");
        assertThat(Json.parse(result.path("content").asText()).path("ok").asBoolean()).isTrue();
    }

    @Test
    void theScheduleTaskToolWritesAScheduleRowAndTheTaskIdGoesBackToTheModel() throws Exception {
        server.thenToolCall("call-s", "schedule_task", Json.object().put("prompt", "remind Ann to stretch")
                        .put("recurrence", "0 9 * * 1-5"))
                .thenText("Done: every weekday at 9.");
        String first = session.insertChat("remind me every weekday at 9", true);
        try (RunnerProcess runner = start("runner")) {
            assertThat(awaitFinal(first).status()).isEqualTo(AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).hasSize(2);
            JsonNode sched = Json.parse(rows.get(0).content());
            assertThat(sched.path("action").asText()).isEqualTo("schedule_task");
            assertThat(sched.path("prompt").asText()).isEqualTo("remind Ann to stretch");
            assertThat(sched.path("recurrence").asText()).isEqualTo("0 9 * * 1-5");
            assertThat(Json.text(Json.parse(rows.get(1).content()), "text")).isEqualTo("Done: every weekday at 9.");
            JsonNode messages = server.requests().get(1).body().path("messages");
            JsonNode result = Json.parse(messages.get(messages.size() - 1).path("content").asText());
            assertThat(result.path("ok").asBoolean()).isTrue();
            assertThat(result.path("task_id").asText()).isEqualTo(sched.path("task_id").asText()).startsWith("t-");
        }
    }

    @Test
    void severalToolCallsInOneAnswerAreCarriedOutInOrderAndAskReturnsTheQuestionId() throws Exception {
        String id = session.insertChat("shall we deploy?", true);
        long seq = session.seqOf(id);
        server.then(toolCalls(Json.object().put("seq", seq).put("emoji", "👀"), Json.object().put("title", "Deploy")
                .put("question", "Deploy now?").set("options", Json.MAPPER.createArrayNode().add("yes").add("no"))))
                .thenText("I asked the team.");
        try (RunnerProcess runner = start("runner")) {
            assertThat(awaitFinal(id).status()).isEqualTo(AckStatus.COMPLETED);
        }
        List<OutboundMessage> rows = session.replies();
        assertThat(rows).extracting(r -> r.kind().wire()).containsExactly("chat", "question", "chat");
        JsonNode reaction = Json.parse(rows.get(0).content());
        assertThat(reaction.path("operation").asText()).isEqualTo("reaction");
        assertThat(reaction.path("seq").asLong()).isEqualTo(seq);
        String questionId = Json.parse(rows.get(1).content()).path("question_id").asText();
        assertThat(questionId).matches("q-[0-9a-f]{16}");
        JsonNode messages = server.requests().get(1).body().path("messages");
        JsonNode reactResult = Json.parse(messages.get(messages.size() - 2).path("content").asText());
        JsonNode askResult = Json.parse(messages.get(messages.size() - 1).path("content").asText());
        assertThat(reactResult.path("ok").asBoolean()).isTrue();
        assertThat(askResult.path("question_id").asText()).isEqualTo(questionId);
        assertThat(messages.get(messages.size() - 1).path("tool_call_id").asText()).isEqualTo("call-ask");
    }

    @Test
    void aModelThatKeepsCallingToolsIsStoppedAfterMaxSteps() throws Exception {
        session.writeSpec(SessionFixture.spec(new ContainerSpec.Agent("openai", List.of(), Map.of(), ".",
                server.baseUrl(), "test-model", null, KEY_VAR, null, 2, null), 600_000));
        String id = session.insertChat("react forever", true);
        long seq = session.seqOf(id);
        server.thenToolCall("c1", "add_reaction", Json.object().put("seq", seq).put("emoji", "1️⃣"))
                .thenToolCall("c2", "add_reaction", Json.object().put("seq", seq).put("emoji", "2️⃣"));
        try (RunnerProcess runner = start("runner")) {
            assertThat(awaitFinal(id).status()).isEqualTo(AckStatus.COMPLETED);
            assertThat(runner.log()).contains("openai.max_steps");
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(session.replies()).extracting(r -> Json.parse(r.content()).path("emoji").asText())
                .containsExactly("1️⃣");
    }

    /** One answer calling add_reaction with {@code react} and then ask_question with {@code ask}. */
    private static FakeChatCompletions.Answer toolCalls(JsonNode react, JsonNode ask) {
        var msg = Json.object().put("role", "assistant").putNull("content");
        var calls = msg.putArray("tool_calls");
        calls.addObject().put("id", "call-react").put("type", "function").putObject("function")
                .put("name", "add_reaction").put("arguments", Json.write(react));
        calls.addObject().put("id", "call-ask").put("type", "function").putObject("function")
                .put("name", "ask_question").put("arguments", Json.write(ask));
        var root = Json.object();
        var choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", msg);
        choice.put("finish_reason", "tool_calls");
        return new FakeChatCompletions.Answer(200, Map.of(), Json.write(root), 0);
    }

    @Test
    void theConversationIsCarriedAcrossBatchesAndRestartsAndClearedByClear() throws Exception {
        server.thenText("r1").thenText("r2");
        String one = session.insertChat("one", true);
        String two;
        try (RunnerProcess runner = start("first")) {
            awaitFinal(one);
            two = session.insertChat("two", true);
            awaitFinal(two);
            runner.closeStdin();
            runner.awaitExit(DEADLINE);
        }
        String s1 = "user: Ann (seq " + session.seqOf(one) + "): one";
        String s2 = "user: Ann (seq " + session.seqOf(two) + "): two";
        assertThat(server.requests().get(1).transcript()).containsExactly("system: Be brief.", s1, "assistant: r1", s2);

        server.thenText("r3").thenText("r4");
        try (RunnerProcess runner = start("second")) {
            String three = session.insertChat("three", true);
            awaitFinal(three);
            assertThat(server.requests().get(2).transcript()).containsExactly("system: Be brief.", s1, "assistant: r1",
                    s2, "assistant: r2", "user: Ann (seq " + session.seqOf(three) + "): three");

            String clear = session.insertChat("/clear", true);
            awaitFinal(clear);
            String four = session.insertChat("four", true);
            awaitFinal(four);
            assertThat(server.requests().get(3).transcript())
                    .containsExactly("system: Be brief.", "user: Ann (seq " + session.seqOf(four) + "): four");
        }
        assertThat(replyTexts()).containsExactly("r1", "r2", "r3", "Session cleared.", "r4");
    }

    @Test
    void aRateLimitIsWaitedOutAndThenAnswered() throws Exception {
        server.thenStatus(429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"Rate limit reached\"}}")
                .thenText("after the wait");
        String id = session.insertChat("hi", true);
        try (RunnerProcess runner = start("runner")) {
            assertThat(awaitFinal(id).status()).isEqualTo(AckStatus.COMPLETED);
        }
        assertThat(replyTexts()).containsExactly("after the wait");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aServerErrorFailsTheBatchWithItsCauseAndTheRunnerGoesOnWithTheHistoryUntouched() throws Exception {
        server.thenStatus(500, Map.of(), "{\"error\":{\"message\":\"The server had an error\"}}");
        String id = session.insertChat("hi", true);
        try (RunnerProcess runner = start("runner")) {
            ProcessingAck ack = awaitFinal(id);
            assertThat(ack.status()).isEqualTo(AckStatus.FAILED);
            assertThat(ack.error()).contains("answered HTTP 500").contains("The server had an error");
            assertThat(session.replies()).isEmpty();

            server.thenText("back again");
            String next = session.insertChat("still there?", true);
            assertThat(awaitFinal(next).status()).isEqualTo(AckStatus.COMPLETED);
            assertThat(runner.isAlive()).isTrue();
            assertThat(runner.log()).contains("openai.batch.failed");
            assertThat(server.requests().get(1).transcript()).as("the failed batch left no history")
                    .containsExactly("system: Be brief.", "user: Ann (seq " + session.seqOf(next) + "): still there?");
        }
        assertThat(replyTexts()).containsExactly("back again");
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheBatchBeforeTheRunnersBatchTimeout() throws Exception {
        session.writeSpec(SessionFixture.spec(agent(KEY_VAR), 8000)); // the call gets 6.4 s of it
        server.then(new FakeChatCompletions.Answer(200, Map.of(), "{}", 60_000));
        String id = session.insertChat("hi", true);
        try (RunnerProcess runner = start("runner")) {
            ProcessingAck ack;
            try {
                ack = awaitFinal(id);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no final ack; runner log:\n" + runner.log(), e);
            }
            assertThat(ack.status()).isEqualTo(AckStatus.FAILED);
            assertThat(ack.error()).containsPattern("timed out after (6[0-3]\\d{2}|6400) ms");
            assertThat(runner.isAlive()).isTrue();
            assertThat(runner.log()).doesNotContain("batch.timeout");
        }
    }

    @Test
    void aMalformedResponseFailsTheBatch() throws Exception {
        server.thenStatus(200, Map.of(), "{\"id\":\"x\",\"choices\":[{\"message\":");
        String id = session.insertChat("hi", true);
        try (RunnerProcess runner = start("runner")) {
            ProcessingAck ack = awaitFinal(id);
            assertThat(ack.status()).isEqualTo(AckStatus.FAILED);
            assertThat(ack.error()).contains("malformed chat completions response: not JSON");
            assertThat(runner.isAlive()).isTrue();
        }
        assertThat(session.replies()).isEmpty();
    }

    @Test
    void aMissingKeyVariableFailsEachBatchNamingTheSettingWithoutStoppingTheRunner() throws Exception {
        session.writeSpec(SessionFixture.spec(agent("NOT_SET_ANYWHERE"), 600_000));
        String id = session.insertChat("hi", true);
        try (RunnerProcess runner = start("runner")) {
            ProcessingAck ack = awaitFinal(id);
            assertThat(ack.status()).isEqualTo(AckStatus.FAILED);
            assertThat(ack.error()).contains("agent.api_key_env names NOT_SET_ANYWHERE but that variable is not set");
            assertThat(runner.isAlive()).isTrue();
            assertThat(runner.log()).contains("openai.config.invalid");
        }
        assertThat(server.requests()).isEmpty();
    }
}
