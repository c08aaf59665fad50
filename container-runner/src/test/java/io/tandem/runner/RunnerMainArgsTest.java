package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The hand-parsed command line takes exactly the host's form and leaves everything else to picocli. */
class RunnerMainArgsTest {
    @Test
    void theHostsFormIsParsedInEitherOrderAndWithEquals() {
        RunnerMain m = RunnerMain.fastArgs(new String[] {"--workspace", "/w/s", "--group", "/g"});
        assertThat(m.workspace).isEqualTo(Path.of("/w/s"));
        assertThat(m.group).isEqualTo(Path.of("/g"));
        RunnerMain r = RunnerMain.fastArgs(new String[] {"--group=/g", "--workspace=/w/s"});
        assertThat(r.workspace).isEqualTo(Path.of("/w/s"));
        assertThat(r.group).isEqualTo(Path.of("/g"));
    }

    @Test
    void thePoolFormIsExactlyPoolAndGroupInEitherOrder() {
        RunnerMain m = RunnerMain.fastArgs(new String[] {"--pool", "--group", "/g"});
        assertThat(m.pool).isTrue();
        assertThat(m.workspace).isNull();
        assertThat(m.group).isEqualTo(Path.of("/g"));
        assertThat(RunnerMain.fastArgs(new String[] {"--group=/g", "--pool"}).pool).isTrue();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "/w", "--group", "/g"}).pool).isFalse();

        assertThat(RunnerMain.fastArgs(new String[] {"--pool"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--pool", "--pool", "--group", "/g"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--pool", "--workspace", "/w", "--group", "/g"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--pool", "--workspace", "/w"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--pool=yes", "--group", "/g"})).isNull();
    }

    @Test
    void anythingElseGoesToPicocli() {
        assertThat(RunnerMain.fastArgs(new String[] {})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--help"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "/w"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "/w", "--group"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "/w", "--workspace", "/x"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "--group", "/g"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace", "/w", "--group", "/g", "extra"})).isNull();
        assertThat(RunnerMain.fastArgs(new String[] {"--workspace=", "--group", "/g"})).isNull();
    }
}
