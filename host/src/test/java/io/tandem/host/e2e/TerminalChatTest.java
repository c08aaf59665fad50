package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.support.PseudoTerminal;
import io.tandem.host.testagents.AskAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem chat} as a user runs it: a real host with the echo agent, and the chat as a child
 * process under a pseudo-terminal, typed into and read back from the screen.
 */
class TerminalChatTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration REPLY = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static List<String> chat(Path data, String... more) {
        ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "chat", "demo", "--data",
                data.toString(), "--as", "ann");
        pb.command().addAll(List.of(more));
        return pb.command();
    }

    @Test
    void aTypedMessageIsAnsweredOnTheScreenAndQuitExitsZero() throws Exception {
        Path data = tmp.resolve("data");
        try (HostProcess host = HostProcess.start(data); PseudoTerminal term = PseudoTerminal.start(chat(data))) {
            term.await("ann> ", START);
            assertThat(term.screen()).contains("chat demo on " + host.httpBase() + " as ann");
            term.type("hello from the terminal\r");
            term.await("[1] echo: echo: hello from the terminal", REPLY);

            // a reply arriving while ann is half-way through a line is printed above it; her line survives
            term.type("half");
            term.await("ann> half", REPLY);
            assertThat(new ChatClient(host.httpBase()).say("demo", "bob", "from bob").status()).isEqualTo(202);
            term.await("[2] echo: echo: from bob", REPLY);
            term.type(" done\r");
            term.await("[3] echo: echo: half done", REPLY);
            term.type("/quit\r");
            assertThat(term.exitCode(Duration.ofSeconds(30))).as(term.screen()).isZero();
        }
    }

    @Test
    void afterAHostRestartTheChatReconnectsAndResumesWithoutRepeatsAndCtrlDExitsZero() throws Exception {
        Path data = tmp.resolve("data");
        HostProcess first = HostProcess.start(data);
        try (PseudoTerminal term = PseudoTerminal.start(chat(data))) {
            try (first) {
                term.await("ann> ", START);
                term.type("one\r");
                term.await("[1] echo: echo: one", REPLY);
                assertThat(first.stop()).isZero();
            }
            term.await("(connection to the host lost: ", REPLY);
            try (HostProcess second = HostProcess.start(data)) { // another free port: found again in host.json
                term.await("(reconnected)", REPLY);
                term.type("two\r");
                term.await("[2] echo: echo: two", REPLY);
                assertThat(term.count("echo: echo: one")).as("resumed after the last event seen, no repeat").isOne();
                term.type("\u0004");
                assertThat(term.exitCode(Duration.ofSeconds(30))).as(term.screen()).isZero();
                assertThat(second.http()).isNotEqualTo(first.http());
            }
        }
    }

    @Test
    void aQuestionIsAnsweredByTypingTheNumberOfAnOption() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        DataFolders.useTestAgent(data, List.of(), AskAgent.class.getName());
        try (HostProcess host = HostProcess.start(data); PseudoTerminal term = PseudoTerminal.start(chat(data))) {
            term.await("ann> ", START);
            term.type("ask\r");
            term.await("    (type 1-2 or /answer N to answer)", REPLY);
            assertThat(term.screen()).contains("[1] echo asks: Deploy", "    Ship it to production?", "    1) Yes",
                    "    2) No");
            term.type("2\r");
            term.await("(answered 2: No)", REPLY);
            term.await("[2] echo: you chose no (http:ann)", REPLY);

            // answered: a number is a message again, and /answer has nothing to answer
            term.type("2\r");
            term.await("[3] echo: heard: 2", REPLY);
            term.type("/answer 1\r");
            term.await("(no question is waiting for an answer)", REPLY);

            term.type("ask\r");
            term.await("[4] echo asks: Deploy", REPLY);
            term.type("/answer 1\r");
            term.await("[5] echo: you chose yes (http:ann)", REPLY);
            term.type("not this");
            term.await("ann> not this", REPLY);
            int prompts = term.count("ann> ");
            term.type("\u0003"); // Ctrl-C clears the half-typed line and the chat goes on
            term.await("ann> ", prompts + 1, REPLY); // (typing before the new prompt would race the terminal mode switch)
            term.type("after\r");
            term.await("[6] echo: heard: after", REPLY);
            assertThat(term.screen()).doesNotContain("heard: not this");
            term.type("/quit\r");
            assertThat(term.exitCode(Duration.ofSeconds(30))).as(term.screen()).isZero();
        }
    }

    @Test
    void withATokenOnTheChannelTheChatSendsItAndWithoutItIsRefusedAtTheStart() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new HashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__TOKEN", "s3cret-token");
        try (HostProcess host = HostProcess.start(data, env)) {
            ProcessBuilder refused = new ProcessBuilder(chat(data)).redirectInput(ProcessBuilder.Redirect.PIPE);
            refused.environment().remove("TANDEM_ADAPTERS__HTTP__TOKEN");
            Process p = refused.start();
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isEqualTo(1);
            assertThat(err).contains("tandem chat: cannot open the event stream of chat demo: "
                    + "the event stream was refused: HTTP 401").doesNotContain("s3cret");

            // with the host's token, and no terminal at all: plain lines in, plain lines out
            ProcessBuilder piped = new ProcessBuilder(chat(data));
            piped.environment().put("TANDEM_ADAPTERS__HTTP__TOKEN", "s3cret-token");
            piped.redirectErrorStream(true);
            Process c = piped.start();
            StringBuffer out = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (var in = c.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException ignored) {
                    // ended
                }
            });
            reader.start();
            c.getOutputStream().write("hello with a token\n".getBytes(StandardCharsets.UTF_8));
            c.getOutputStream().flush();
            org.awaitility.Awaitility.await("the reply in the chat's output").atMost(REPLY)
                    .until(() -> out.toString().contains("[1] echo: echo: hello with a token"));
            c.getOutputStream().close(); // end of input: leave
            assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(c.exitValue()).as(out.toString()).isZero();
            assertThat(out.toString()).contains("[1] echo: echo: hello with a token").doesNotContain("s3cret");
        }
    }

    @Test
    void withoutARunningHostTheChatSaysSoAndExitsOne() {
        Path data = tmp.resolve("none");
        Cli.Result r = Cli.run("chat", "demo", "--data", data.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no host is running on " + data.toAbsolutePath());
    }

    @Test
    void aBadChatIdIsAUsageError() {
        Cli.Result r = Cli.run("chat", "no/such", "--data", tmp.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("CHAT must match");
    }
}
