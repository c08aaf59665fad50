package io.tandem.host.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake {@code docker} client (no engine runs on these machines): a shell script that appends
 * each call's arguments to {@code calls.log} (one argument a line, a call ends with
 * {@code --end--}), answers {@code ps} with the ids in {@code ps.out}, and for {@code run} records
 * whether {@code KEY_NAME}'s variable reached it and then waits, like a container attached with
 * {@code -i}, until its stdin closes.
 */
public final class FakeDocker {
    private final Path dir;

    private FakeDocker(Path dir) {
        this.dir = dir;
    }

    /** Writes the script into {@code dir}; {@code keyName}: the variable whose arrival {@code run} records. */
    public static FakeDocker in(Path dir, String keyName) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("docker");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "d=\"$(dirname \"$0\")\"",
                "for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$d/calls.log\"; done",
                "echo --end-- >> \"$d/calls.log\"",
                "case \"$1\" in",
                "  ps) cat \"$d/ps.out\" 2>/dev/null ;;",
                "  run) echo \"" + keyName + "=${" + keyName + ":-unset}\" >> \"$d/env.log\"; exec cat > /dev/null ;;",
                "esac",
                "exit 0", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FakeDocker(dir);
    }

    public Path binary() {
        return dir.resolve("docker");
    }

    /** What {@code docker ps -q} prints from now on. */
    public void psPrints(String... ids) throws IOException {
        Files.writeString(dir.resolve("ps.out"), ids.length == 0 ? "" : String.join("\n", ids) + "\n");
    }

    /** Every call so far, each as its argument list (without the binary). */
    public List<List<String>> calls() throws IOException {
        Path log = dir.resolve("calls.log");
        List<List<String>> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        List<String> call = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.equals("--end--")) {
                out.add(call);
                call = new ArrayList<>();
            } else {
                call.add(line);
            }
        }
        return out;
    }

    public String envLog() throws IOException {
        Path log = dir.resolve("env.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
