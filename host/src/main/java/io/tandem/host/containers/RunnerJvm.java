package io.tandem.host.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner JVM's start-up cache under {@code <data>/cache/}: what makes a runner start cheap
 * without changing what it does.
 *
 * <ul>
 * <li><b>SQLite's native library, extracted once.</b> sqlite-jdbc otherwise copies its 1.1 MB
 * library to {@code /tmp} at every start (and leaves it behind when the runner is killed), and
 * lists {@code /tmp} for stale copies first. It is copied out of the runner jar itself (so the
 * version always matches) into {@code cache/sqlite-<crc>/}, written to a temporary name and renamed,
 * and the runner gets {@code -Dorg.sqlite.lib.path}, {@code -Dorg.sqlite.lib.name} and
 * {@code -Dorg.sqlite.tmpdir} pointing there.</li>
 * <li><b>An AppCDS archive</b> ({@code cache/runner-<key>.jsa}): the runner's classes, pre-parsed
 * and pre-verified, mapped read-only and shared by every runner. The key hashes the JVM, the
 * runner jar (path, size, mtime) and the configured flags, so a new jar or JDK or flag set simply
 * gets a new archive. It is built once, in the background, by a training run
 * ({@code io.tandem.runner.CdsTraining}) with {@code -XX:ArchiveClassesAtExit} into a temporary
 * name that is renamed into place only after a clean exit: a half-written archive is never used,
 * and runners that start before it exists start without it.</li>
 * </ul>
 * Flags of the operator's own about class sharing in {@code containers.process.jvm_args}
 * ({@code -Xshare:…}, {@code -XX:SharedArchiveFile}, {@code -XX:ArchiveClassesAtExit}) switch the
 * archive off: {@code -Xshare:off} is how to run without it.
 * Any failure here only costs speed: runners start as before. CDS messages are switched off
 * ({@code -Xlog:cds=off}) so a stale or corrupt archive falls back silently instead of writing
 * warnings into the runner's log.
 */
public final class RunnerJvm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunnerJvm.class);
    static final List<String> QUIET_CDS = List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private final Path cacheDir;
    private final Path runnerJar;
    private final List<String> baseArgs;
    private final Path archive;
    private final List<String> sqliteArgs;
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Process training;
    private volatile Thread builder;

    private RunnerJvm(Path cacheDir, Path runnerJar, List<String> baseArgs, List<String> sqliteArgs) {
        this.cacheDir = cacheDir;
        this.runnerJar = runnerJar;
        this.baseArgs = List.copyOf(baseArgs);
        this.sqliteArgs = sqliteArgs;
        this.archive = cacheDir == null || !cdsAllowed(baseArgs) ? null
                : cacheDir.resolve("runner-" + key(runnerJar, baseArgs) + ".jsa");
    }

    /** False when the configured flags already say something about class sharing. */
    static boolean cdsAllowed(List<String> baseArgs) {
        return baseArgs.stream().noneMatch(a -> a.startsWith("-Xshare") || a.startsWith("-XX:SharedArchiveFile")
                || a.startsWith("-XX:ArchiveClassesAtExit"));
    }

    /** No cache: the configured flags only (tests and callers without a data folder). */
    public static RunnerJvm plain(Path runnerJar, List<String> baseArgs) {
        return new RunnerJvm(null, runnerJar, baseArgs, List.of());
    }

    /**
     * The cache for one data folder; extracts SQLite's native library (once; a few ms). Never
     * throws: a failure is logged and the runner starts without the cache.
     */
    public static RunnerJvm inCache(Path cacheDir, Path runnerJar, List<String> baseArgs) {
        List<String> sqlite = List.of();
        try {
            Files.createDirectories(cacheDir);
            sqlite = SqliteNativeCache.extract(cacheDir, runnerJar);
        } catch (Exception e) {
            log.atWarn().addKeyValue("cache", cacheDir).addKeyValue("error", e.toString())
                    .log("runner.cache.sqlite_failed");
        }
        return new RunnerJvm(cacheDir, runnerJar, baseArgs, sqlite);
    }

    /** The archive this host uses (present or not); null without a cache or with CDS flags of the operator's. */
    public Path archive() {
        return archive;
    }

    /** The JVM flags for a runner start: configured flags, then the cache's (when present). */
    public List<String> args() {
        List<String> out = new ArrayList<>(baseArgs);
        out.addAll(sqliteArgs);
        if (archive != null && Files.isRegularFile(archive)) {
            out.add("-XX:SharedArchiveFile=" + archive);
            out.addAll(QUIET_CDS);
        }
        return out;
    }

    /**
     * Builds the archive on a daemon thread if it is missing and no build is running; returns at
     * once. At most one build per host (the data folder has one host).
     */
    public void buildArchiveInBackground() {
        if (closed || archive == null || Files.isRegularFile(archive) || !building.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                buildArchive();
            } finally {
                building.set(false);
            }
        }, "runner-cds");
        t.setDaemon(true);
        builder = t;
        t.start();
    }

    /**
     * The host stops: a running training run is killed and its scratch folder removed before this
     * returns (at most ~10 s), so a stopped host leaves no child process and nothing half-written.
     */
    @Override
    public void close() {
        closed = true;
        Process p = training;
        if (p != null) {
            p.destroyForcibly();
        }
        Thread t = builder;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs the training JVM and renames its archive into place; false (logged) on any failure. */
    boolean buildArchive() {
        Path tmp = cacheDir.resolve(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Path scratch = null;
        long t0 = System.nanoTime();
        try {
            removeLeftovers();
            scratch = Files.createTempDirectory(cacheDir, "cds-training-");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(baseArgs);
            cmd.addAll(sqliteArgs);
            cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
            cmd.addAll(QUIET_CDS);
            cmd.addAll(List.of("-cp", runnerJar.toString(), "io.tandem.runner.CdsTraining", scratch.toString()));
            Path logFile = scratch.resolve("training.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            pb.environment().keySet().removeIf(k -> !List.of("PATH", "LANG", "LC_ALL", "TZ", "HOME").contains(k));
            if (closed) {
                return false;
            }
            Process p = pb.start();
            training = p;
            if (closed) {
                p.destroyForcibly();
            }
            // stdin stays open while it runs (EOF would stop it before its batch); it ends on idle
            try (var stdin = p.getOutputStream()) {
                if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("training run did not end within " + TRAINING_TIMEOUT_SECONDS + " s");
                }
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("training run exited " + p.exitValue() + " without an archive; its output: "
                        + tail(logFile));
            }
            // the scratch folder goes first: once the archive is in place, nothing of the build is left
            deleteTree(scratch);
            scratch = null;
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOtherArchives();
            log.atInfo().addKeyValue("archive", archive).addKeyValue("bytes", Files.size(archive))
                    .addKeyValue("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                    .log("runner.cds.built");
            return true;
        } catch (Exception e) {
            log.atWarn().addKeyValue("archive", archive).addKeyValue("error", e.toString())
                    .log("runner.cds.build_failed");
            return false;
        } finally {
            training = null;
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is never used: only the renamed name is
            }
            deleteTree(scratch);
        }
    }

    /** A killed host's half-built archive or training folder (one host per data folder: none is live). */
    private void removeLeftovers() {
        try (var files = Files.list(cacheDir)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("cds-training-") || (n.startsWith("runner-") && n.contains(".jsa.tmp-"));
            }).forEach(RunnerJvm::deleteTree);
        } catch (IOException ignored) {
            // housekeeping only
        }
    }

    private void removeOtherArchives() {
        try (var files = Files.list(cacheDir)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("runner-") && n.endsWith(".jsa") && !f.equals(archive);
            }).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // an old archive only costs disk; a running JVM may still map it
                }
            });
        } catch (IOException ignored) {
            // housekeeping only
        }
    }

    /** Hash of what the archive depends on: JVM, runner jar identity and the configured flags. */
    static String key(Path runnerJar, List<String> baseArgs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder();
            s.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version"))
                    .append('\n').append(runnerJar.toAbsolutePath()).append('\n');
            if (Files.isRegularFile(runnerJar)) {
                s.append(Files.size(runnerJar)).append('\n').append(Files.getLastModifiedTime(runnerJar).toMillis());
            }
            s.append('\n').append(String.join("\u0000", baseArgs));
            return HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (Exception e) {
            return "nokey";
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort on a scratch folder
                }
            });
        } catch (IOException ignored) {
            // best effort on a scratch folder
        }
    }
}
