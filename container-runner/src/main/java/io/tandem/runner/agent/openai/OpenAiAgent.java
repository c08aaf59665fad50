package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.AgentKinds;
import io.tandem.runner.agent.AgentSetup;
import io.tandem.runner.agent.BuiltInAgent;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The built-in {@code openai} agent: an OpenAI-compatible chat-completions client (OpenAI, or a
 * local llama.cpp / Ollama / vLLM server) whose tools are the protocol's actions. It runs on a
 * thread of the runner's JVM and speaks the same JSON lines as any agent: {@code hello} loads the
 * stored conversation, each {@code batch} is one {@link ConversationLoop}, {@code clear} forgets
 * the conversation (the runner has deleted its stored copy). A configuration error does not stop
 * the runner: every batch is answered {@code done} failed naming the wrong key, so the operator
 * sees it on the failed messages. Nothing the agent logs or writes contains the API key.
 */
public final class OpenAiAgent implements BuiltInAgent {
    public static final String KIND = "openai";

    private final Function<String, String> runnerEnv;
    private final ToolRegistry tools;
    private final Clock clock;

    public OpenAiAgent(Function<String, String> runnerEnv, ToolRegistry tools, Clock clock) {
        this.runnerEnv = runnerEnv;
        this.tools = tools;
        this.clock = clock;
    }

    /** The registry entry: the agent, reading its key from {@code runnerEnv} (the runner's environment). */
    public static AgentKinds.Kind kind(Function<String, String> runnerEnv) {
        return AgentKinds.builtIn(KIND, new OpenAiAgent(runnerEnv, ProtocolTools.standard(), Clock.systemUTC()));
    }

    @Override
    public void serve(InputStream in, OutputStream out, AgentSetup setup) throws Exception {
        long batchTimeoutMs = batchTimeoutMs(setup);
        OpenAiSettings settings = null;
        String problem = null;
        try {
            settings = OpenAiSettings.from(setup.agent(), runnerEnv, batchTimeoutMs);
            setup.log().atInfo().addKeyValue("session", setup.sessionId()).addKeyValue("endpoint", settings.endpoint())
                    .addKeyValue("model", settings.model()).addKeyValue("api_key", settings.apiKey() != null)
                    .log("openai.ready");
        } catch (IllegalArgumentException e) {
            problem = "openai agent is misconfigured: " + e.getMessage();
            setup.log().atError().addKeyValue("session", setup.sessionId()).addKeyValue("error", e.getMessage())
                    .log("openai.config.invalid");
        }
        CallBudget budget = new CallBudget(settings == null ? Duration.ofMillis(batchTimeoutMs) : settings.callBudget(),
                System::nanoTime);
        AgentLines lines = new AgentLines(in, out, budget, setup.log(), setup.sessionId());
        ConversationHistory history = new ConversationHistory(
                settings == null ? OpenAiSettings.DEFAULT_MAX_HISTORY : settings.maxHistory());
        ConversationLoop loop = settings == null ? null : new ConversationLoop(settings,
                new ChatClient(settings, clock), tools, history, lines, budget, setup.log(), setup.sessionId());
        try {
            JsonNode line;
            while ((line = lines.next()) != null) {
                switch (AgentLines.Type.of(line)) {
                    case HELLO -> {
                        String unreadable = history.load(line.get("state"));
                        if (unreadable != null) {
                            setup.log().atWarn().addKeyValue("session", setup.sessionId())
                                    .addKeyValue("error", unreadable).log("openai.history.unreadable");
                        }
                    }
                    case BATCH -> {
                        if (loop == null) {
                            lines.write(List.of(ConversationLoop.done(Json.text(line, "batch_id"), problem)));
                        } else {
                            loop.run(line);
                        }
                    }
                    case CLEAR -> {
                        history.clear();
                        setup.log().atInfo().addKeyValue("session", setup.sessionId()).log("openai.history.cleared");
                    }
                    case RESULT, OTHER -> lines.passOver(line);
                }
            }
        } catch (AgentLines.Closed e) {
            // the runner is stopping us mid-batch: end like a process at stdin EOF
        }
    }

    /**
     * The runner's batch timeout from the session's container.json, the file the runner itself
     * read (its default when absent or unreadable, as the runner does).
     */
    private static long batchTimeoutMs(AgentSetup setup) {
        long fallback = ContainerSpec.Runner.defaults().batchTimeoutMs();
        try {
            ContainerSpec.Runner r = ContainerSpec.read(new SessionPaths(setup.workspace()).containerJson()).runner();
            return r == null || r.batchTimeoutMs() <= 0 ? fallback : r.batchTimeoutMs();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
