package io.tandem.host.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.DataFolders;
import io.tandem.host.support.JavaProcesses;
import io.tandem.host.support.PseudoTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a terminal, backup and restore show one progress line per file; without one they do not (BackupUnderLoadTest). */
class BackupProgressTest {
    @TempDir
    Path tmp;

    @Test
    void aTerminalSeesOneLinePerFile() throws Exception {
        Path data = DataFolders.init(tmp.resolve("data"));
        Files.writeString(data.resolve("groups/echo/NOTES.md"), "x\n");
        Path backup = tmp.resolve("backup");
        try (PseudoTerminal term = PseudoTerminal.start(JavaProcesses.builder("io.tandem.host.cli.TandemCli", "backup",
                "--data", data.toString(), "--out", backup.toString()).command())) {
            term.await("tandem backup out=", Duration.ofSeconds(60));
            assertThat(term.exitCode(Duration.ofSeconds(30))).isZero();
            assertThat(term.screen()).contains("[1/3] central.db (").contains("[2/3] admin.token (65 B)")
                    .contains("[3/3] groups/echo/NOTES.md (2 B)");
        }
        try (PseudoTerminal term = PseudoTerminal.start(JavaProcesses.builder("io.tandem.host.cli.TandemCli",
                "restore", "--from", backup.toString(), "--data", tmp.resolve("new").toString()).command())) {
            term.await("tandem restored data=", Duration.ofSeconds(60));
            assertThat(term.exitCode(Duration.ofSeconds(30))).isZero();
            assertThat(term.screen()).contains("[3/3] groups/echo/NOTES.md (2 B)");
        }
    }
}
