package io.tandem.host.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.schema.json.Json;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore refuse what would lose or mix data, naming the folder or file, and write nothing. */
class RestoreRefusalTest {
    @TempDir
    Path tmp;

    Path data;
    Path backup;

    @BeforeEach
    void backUpAFreshFolder() throws Exception {
        data = DataFolders.init(tmp.resolve("data"));
        Files.writeString(data.resolve("groups").resolve("echo").resolve("NOTES.md"), "remember this\n");
        Files.createDirectories(data.resolve("groups/echo/empty-workdir"));
        backup = tmp.resolve("backup");
        Cli.Result r = Cli.run("backup", "--data", data.toString(), "--out", backup.toString());
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void restoreIntoAFreshFolderCopiesTheAgentFilesAndTheToken() throws Exception {
        Path target = tmp.resolve("new");
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", target.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readString(target.resolve("groups/echo/NOTES.md"))).isEqualTo("remember this\n");
        assertThat(target.resolve("groups/echo/empty-workdir")).isEmptyDirectory();
        assertThat(Files.readString(target.resolve("admin.token")))
                .isEqualTo(Files.readString(data.resolve("admin.token")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restoring-"));
        }
    }

    @Test
    void restoreIntoAnExistingEmptyFolderFillsItAndLeavesNoStagingBehind() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("mounted"));
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", target.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(target.resolve("central.db")).isRegularFile();
        assertThat(Files.readString(target.resolve("groups/echo/NOTES.md"))).isEqualTo("remember this\n");
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("restoring"));
        }
    }

    @Test
    void restoreRefusesANonEmptyTargetNamingItAndLeavesItAlone() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", target.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--data " + target).contains("is not empty").contains("keep.txt");
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s).containsExactly(target.resolve("keep.txt"));
        }
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void restoreRefusesATamperedDatabaseNamingItAndRestoresNothing() throws Exception {
        try (FileChannel ch = FileChannel.open(backup.resolve("central.db"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {42}), ch.size() - 1);
        }
        Path target = tmp.resolve("new");
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", target.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("central.db").contains("SHA-256").contains("nothing was restored");
        assertThat(target).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restoring-"));
        }
    }

    @Test
    void restoreRefusesAFileOfAnotherSizeAndAMissingFile() throws Exception {
        Files.writeString(backup.resolve("groups/echo/NOTES.md"), "changed, and longer\n");
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", tmp.resolve("a").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("groups/echo/NOTES.md has 20 bytes, the manifest says 14");

        Files.delete(backup.resolve("admin.token"));
        r = Cli.run("restore", "--from", backup.toString(), "--data", tmp.resolve("b").toString());
        assertThat(r.err()).contains("admin.token is listed in the manifest but missing");
        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    @Test
    void restoreRefusesAManifestPathLeavingTheFolder() throws Exception {
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                Files.readString(backup.resolve("manifest.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.path("files").get(0)).put("path", "../escape.db");
        Files.writeString(backup.resolve("manifest.json"), Json.write(m));
        Cli.Result r = Cli.run("restore", "--from", backup.toString(), "--data", tmp.resolve("n").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unsafe path '../escape.db'");
        assertThat(tmp.resolve("n")).doesNotExist();
    }

    @Test
    void restoreRefusesAFolderWithoutManifest() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        Cli.Result r = Cli.run("restore", "--from", empty.toString(), "--data", tmp.resolve("n").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is not a finished backup: it has no manifest.json");
    }

    @Test
    void backupRefusesANonEmptyOutAndAFolderThatIsNotData() throws Exception {
        Cli.Result r = Cli.run("backup", "--data", data.toString(), "--out", backup.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + backup + " is not empty");
        Path notData = Files.createDirectories(tmp.resolve("plain"));
        r = Cli.run("backup", "--data", notData.toString(), "--out", tmp.resolve("b2").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(notData + " is not a tandem data folder: it has no central.db");
        assertThat(tmp.resolve("b2")).doesNotExist();
    }

    @Test
    void exportOfAnUnknownSessionNamesIt() {
        Cli.Result r = Cli.run("export", "--data", data.toString(), "--session", "s-nope", "--out",
                tmp.resolve("x.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--session s-nope: no such session");
        assertThat(tmp.resolve("x.json")).doesNotExist();
    }
}
