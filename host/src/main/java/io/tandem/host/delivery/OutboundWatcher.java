package io.tandem.host.delivery;

import io.tandem.host.containers.RunnerListener;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link WatchService} for every running session's {@code out/} folder (inotify instances are
 * limited per user, so never one per session). Events on {@code outbound.db} or its journal kick a
 * delivery pass; everything else (the heartbeat touch) is ignored here. inotify does not fire
 * across some mounts, so the 1 s stat pass in {@code RunnerMonitor} always runs as well.
 */
public final class OutboundWatcher implements RunnerListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboundWatcher.class);

    private final Consumer<SessionRef> onChange;
    private final WatchService watch;
    private final Map<WatchKey, SessionRef> keys = new ConcurrentHashMap<>();
    private final Map<String, WatchKey> bySession = new ConcurrentHashMap<>();
    private final Thread thread;

    public OutboundWatcher(Consumer<SessionRef> onChange, boolean enabled) {
        this.onChange = onChange;
        WatchService ws = null;
        if (enabled) {
            try {
                ws = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                log.atWarn().setCause(e).log("watch.unavailable_poll_only");
            }
        }
        this.watch = ws;
        this.thread = new Thread(this::loop, "outbound-watch");
        this.thread.setDaemon(true);
        if (ws != null) {
            thread.start();
        }
    }

    @Override
    public void runnerStarted(SessionRef s) {
        if (watch == null) {
            return;
        }
        try {
            WatchKey k = s.paths().outDir().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            keys.put(k, s);
            bySession.put(s.sessionId(), k);
        } catch (IOException e) {
            log.atWarn().addKeyValue("session", s.sessionId()).setCause(e).log("watch.register_failed");
        }
    }

    @Override
    public void runnerStopped(SessionRef s) {
        WatchKey k = bySession.remove(s.sessionId());
        if (k != null) {
            k.cancel();
            keys.remove(k);
        }
        onChange.accept(s);
    }

    private void loop() {
        while (true) {
            WatchKey k;
            try {
                k = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            SessionRef s = keys.get(k);
            boolean relevant = false;
            for (WatchEvent<?> ev : k.pollEvents()) {
                if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                    relevant = true;
                    continue;
                }
                String name = ((Path) ev.context()).getFileName().toString();
                if (name.equals(SessionPaths.OUTBOUND_DB) || name.equals(SessionPaths.OUTBOUND_DB + "-journal")) {
                    relevant = true;
                }
            }
            k.reset();
            if (relevant && s != null) {
                onChange.accept(s);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (watch != null) {
            watch.close();
        }
    }
}
