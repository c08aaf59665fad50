package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.support.PseudoTerminal;
import io.tandem.host.testagents.AskAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            term.type("/quit\r");
            assertThat(term.exitCode(Duration.ofSeconds(30))).as(term.screen()).isZero();
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
