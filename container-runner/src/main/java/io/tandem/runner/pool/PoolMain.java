package io.tandem.runner.pool;

import io.tandem.runner.ExitCodes;
import io.tandem.runner.agent.AgentKinds;
import io.tandem.schema.pool.PoolEvent;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem-runner --pool --group DIR}: one JVM running many sessions of one agent group, so a
 * busy host pays one JVM per group instead of one per session. The host writes {@code start},
 * {@code stop} and {@code kill} lines on stdin; this answers {@code ready} once, then
 * {@code exited} per ended session and {@code refused} per line it cannot carry out, on stdout,
 * which carries nothing else ({@code System.out} is pointed at stderr before anything can print).
 * Pool-level log lines go to stderr, each session's to its own log file. Stdin EOF (the host
 * closed it or died) and SIGTERM stop every session cleanly; the JVM then exits 0, or halts with
 * {@link ExitCodes#FATAL} after {@value #STOP_ALL_MILLIS} ms if sessions have not ended.
 */
public final class PoolMain {
    static final long STOP_ALL_MILLIS = 8000;

    private PoolMain() {
    }

    /** Runs the pool until stdin's EOF has ended every session; returns the exit code. */
    public static int run(Path groupDir) {
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        Logger log = LoggerFactory.getLogger(PoolMain.class);
        SessionLogRouter logs = SessionLogRouter.install();
        PoolEvents events = new PoolEvents(stdout);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-timers");
            t.setDaemon(true);
            return t;
        });
        SessionPool pool = new SessionPool(groupDir, AgentKinds.standard(), System.getenv(), logs, events, timers,
                Clock.systemUTC());
        PoolShutdown shutdown = new PoolShutdown(pool);
        shutdown.install();
        long pid = ProcessHandle.current().pid();
        log.atInfo().addKeyValue("group", groupDir).addKeyValue("pid", pid).log("pool.start");
        events.emit(PoolEvent.ready(pid));

        CommandLines lines = new CommandLines(System.in);
        try {
            String line;
            while ((line = lines.next()) != null) {
                if (line.equals(CommandLines.TOO_LONG)) {
                    pool.refuse(null, "a command line longer than " + CommandLines.MAX_LINE_CHARS + " chars");
                } else {
                    pool.handle(line);
                }
            }
        } catch (IOException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("pool.stdin.failed");
        }
        log.atInfo().addKeyValue("sessions", pool.runningIds().size()).log("pool.stdin.eof");
        return shutdown.stopAllAndWait("stdin.eof");
    }
}
