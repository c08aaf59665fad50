package io.tandem.host.channels.telegram;

import io.tandem.host.central.AdapterStateStore;
import io.tandem.host.central.CentralDb;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.routing.Router;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code telegram} channel (DESIGN 6, issue 10 section 4): Bot API long polling inbound
 * ({@link UpdatePoller} on its own thread), Bot API calls outbound ({@link TelegramOutbound}), all
 * network I/O asynchronous or on the adapter's own threads, never on an event loop or a lane.
 * {@link #started()} (readiness) is true once {@code getMe} succeeded. The bot token lives only in
 * {@link BotApi}; nothing this class logs or throws contains it.
 */
public final class TelegramChannel implements Channel {
    private static final Logger log = LoggerFactory.getLogger(TelegramChannel.class);
    /** Telegram shows "typing" for about 5 s; it is repeated this often while a batch runs. */
    private static final Duration TYPING_EVERY = Duration.ofSeconds(4);
    /** A typing indicator nobody turned off stops by itself after this long. */
    private static final Duration TYPING_MAX = Duration.ofMinutes(10);

    private final BotApi api;
    private final TelegramOutbound outbound;
    private final UpdatePoller poller;
    private final ExecutorService io;
    private final ScheduledExecutorService timers;
    private final Map<ChatTarget, ScheduledFuture<?>> typing = new ConcurrentHashMap<>();
    /** The bot while polling runs (readiness); null before {@code getMe} succeeded and after polling ended. */
    private volatile UpdateMapper.Bot bot;
    private Thread thread;

    /** The settings this adapter reads, besides {@code adapters.telegram.*}. */
    public record TelegramConfigView(TandemConfig.Telegram telegram, Duration questionsTtl, Duration sentTtl) {
    }

    public TelegramChannel(TelegramConfigView config, CentralDb central, AdapterStateStore kv, Router router,
                           ActionClicks clicks, Clock clock) {
        this.io = Executors.newFixedThreadPool(2, daemon("telegram-io"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("telegram-timers"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(io).build();
        this.api = new BotApi(client, config.telegram().apiBase(), config.telegram().token());
        TelegramState state = new TelegramState(central, kv, clock, config.sentTtl());
        this.outbound = new TelegramOutbound(api, state, io, config.questionsTtl().plus(Duration.ofHours(1)));
        this.poller = new UpdatePoller(api, state, router, clicks, clock, config.telegram().pollTimeout(), b -> {
            bot = b;
            if (b != null) {
                log.atInfo().addKeyValue("bot", b.username()).addKeyValue("bot_id", b.id()).log("telegram.started");
            }
        });
    }

    /** Starts the poller thread; returns at once (readiness follows {@code getMe}). */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(poller, "telegram-poller");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops polling (the update in hand is finished or left for the next start) and the timers. */
    public synchronized void stop() {
        poller.stop();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.shutdownNow();
        io.shutdownNow();
    }

    @Override
    public String channelType() {
        return "telegram";
    }

    @Override
    public boolean supportsThreads() {
        return true;
    }

    @Override
    public boolean started() {
        return bot != null;
    }

    /** Telegram authenticates every user id it reports (from.id): approvals may trust it. */
    @Override
    public boolean verifiesSenders() {
        return true;
    }

    @Override
    public CompletableFuture<String> send(OutboundDelivery d) {
        if ("card".equals(d.kind()) || "question".equals(d.kind())) {
            return sendCard(d);
        }
        return guarded(() -> outbound.message(d));
    }

    @Override
    public CompletableFuture<String> sendCard(OutboundDelivery d) {
        return guarded(() -> "question".equals(d.kind()) ? outbound.question(d) : outbound.card(d));
    }

    @Override
    public CompletableFuture<String> edit(OutboundEdit e) {
        return guarded(() -> outbound.edit(e));
    }

    @Override
    public CompletableFuture<String> react(OutboundReaction r) {
        return guarded(() -> outbound.react(r));
    }

    /** A user's private chat with the bot has the user's id as its chat id. */
    @Override
    public CompletableFuture<String> openDm(String userId) {
        String raw = userId == null || !userId.startsWith("telegram:") ? null : userId.substring("telegram:".length());
        if (raw == null || !raw.matches("[0-9]{1,20}")) {
            return CompletableFuture.failedFuture(new ChannelException("user " + userId
                    + " is not a Telegram user (telegram:<numeric id>)", true));
        }
        return CompletableFuture.completedFuture(raw);
    }

    @Override
    public void typing(ChatTarget target, boolean on) {
        ScheduledFuture<?> current = typing.get(target);
        if (on && current != null && !current.isDone()) {
            return; // already repeating: the host says on again every 5 s while a batch runs
        }
        ScheduledFuture<?> previous = typing.remove(target);
        if (previous != null) {
            previous.cancel(false);
        }
        if (!on || timers.isShutdown()) {
            return;
        }
        long until = System.nanoTime() + TYPING_MAX.toNanos();
        Runnable tick = () -> {
            if (System.nanoTime() > until) {
                ScheduledFuture<?> f = typing.remove(target);
                if (f != null) {
                    f.cancel(false);
                }
                return;
            }
            outbound.typing(target).whenComplete((r, err) -> {
                if (err != null) {
                    log.atDebug().addKeyValue("chat", target.platformId())
                            .addKeyValue("error", api.scrub(String.valueOf(err))).log("telegram.typing_failed");
                }
            });
        };
        try {
            typing.put(target, timers.scheduleAtFixedRate(tick, 0, TYPING_EVERY.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /** Anything thrown while building a call becomes a failed future (never a thrown exception). */
    private CompletableFuture<String> guarded(java.util.function.Supplier<CompletableFuture<String>> call) {
        try {
            return call.get();
        } catch (ChannelException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ChannelException("telegram: " + api.scrub(e.toString()), true));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
