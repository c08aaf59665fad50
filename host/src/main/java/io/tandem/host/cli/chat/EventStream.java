package io.tandem.host.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one chat's event stream open on its own thread: reads it, hands every event to the
 * {@link Listener}, and after a lost connection (host stopped, killed or restarted, or silent for
 * longer than {@code silence} although the server sends a heartbeat every 15 s) reconnects with
 * {@link ReconnectDelay}, sending the last event id seen as {@code Last-Event-ID} so nothing is
 * lost or repeated. An outage is reported once ({@link Listener#lost}) and its end once
 * ({@link Listener#connected}).
 */
public final class EventStream implements AutoCloseable {

    /** Called on the stream's thread. */
    public interface Listener {
        void event(SseEvent e);

        /** The stream is (again) open; {@code again} is false for the first connection. */
        void connected(boolean again);

        /** The stream was lost (or refused) and will be retried; {@code why} says what happened. */
        void lost(String why);
    }

    private final ChatApi api;
    private final Listener listener;
    private final ReconnectDelay delay;
    private final Clock clock;
    private final Duration silence;
    private final CompletableFuture<Optional<String>> first = new CompletableFuture<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-stream-watchdog");
        t.setDaemon(true);
        return t;
    });
    private Thread thread;
    private volatile boolean closed;
    private volatile InputStream current;
    private volatile long lastRead;
    private volatile boolean silenced;

    public EventStream(ChatApi api, Listener listener, ReconnectDelay delay, Clock clock, Duration silence) {
        this.api = api;
        this.listener = listener;
        this.delay = delay;
        this.clock = clock;
        this.silence = silence;
    }

    /**
     * Starts reading after {@code lastEventId} (null: the chat's whole retained log) and waits
     * for the first attempt: empty when the stream opened, else why it did not (the stream is
     * then closed; nothing is retried).
     */
    public Optional<String> start(String lastEventId, Duration wait) throws InterruptedException {
        thread = new Thread(() -> run(lastEventId), "chat-stream");
        thread.setDaemon(true);
        thread.start();
        long period = Math.max(1, Math.min(5_000, silence.toMillis() / 3));
        watchdog.scheduleAtFixedRate(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        try {
            Optional<String> outcome = first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome.isPresent()) {
                close();
            }
            return outcome;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            close();
            return Optional.of("the event stream did not open within " + wait.toSeconds() + " s");
        }
    }

    private void run(String lastEventId) {
        SseParser parser = new SseParser(lastEventId);
        ReconnectDelay d = delay;
        int failures = 0;
        boolean everConnected = false;
        boolean up = false;
        while (!closed) {
            String why;
            try {
                HttpResponse<InputStream> resp = api.openEvents(parser.lastEventId());
                if (resp.statusCode() == 200) {
                    failures = 0;
                    up = true;
                    first.complete(Optional.empty());
                    listener.connected(everConnected);
                    everConnected = true;
                    read(resp.body(), parser);
                    why = silenced ? "nothing heard from the host for " + silence.toSeconds() + " s"
                            : "the host closed the event stream";
                } else {
                    why = "the event stream was refused: " + ChatApi.refusal(resp).error();
                }
            } catch (IOException e) {
                why = silenced ? "nothing heard from the host for " + silence.toSeconds() + " s"
                        : e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            } catch (InterruptedException e) {
                break;
            }
            parser.reset();
            if (closed) {
                break;
            }
            if (!everConnected) {
                first.complete(Optional.of(why));
                break;
            }
            if (up || failures == 0) {
                listener.lost(why);
                up = false;
            }
            failures++;
            if (parser.retryMillis().isPresent()) {
                d = delay.withBase(parser.retryMillis().get());
            }
            try {
                Thread.sleep(d.after(failures).toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void read(InputStream body, SseParser parser) throws IOException {
        silenced = false;
        lastRead = clock.millis();
        current = body;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; !closed && (line = r.readLine()) != null; ) {
                lastRead = clock.millis();
                parser.line(line).ifPresent(listener::event);
            }
        } finally {
            current = null;
        }
    }

    /** Closes a stream that has been silent too long, so the loop reconnects. */
    private void checkSilence() {
        InputStream in = current;
        if (in != null && clock.millis() - lastRead > silence.toMillis()) {
            silenced = true;
            closeQuietly(in);
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        InputStream in = current;
        if (in != null) {
            closeQuietly(in);
        }
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the end of the stream either way
        }
    }
}
