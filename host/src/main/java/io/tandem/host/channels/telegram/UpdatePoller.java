package io.tandem.host.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.routing.RouteResult;
import io.tandem.host.routing.Router;
import io.tandem.schema.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side, on its own thread (never an event loop or a lane): {@code getMe} until it
 * succeeds, then {@code getUpdates} long polls from the stored offset. Each update is handled to
 * the end (routed and committed, or its click answered) before the offset moves past it, one
 * update at a time, so a restart at any instant neither loses an update nor routes it twice (a
 * repeat after a crash between commit and offset write is answered by the router's dedupe key and
 * the unique platform-message index). An update that keeps failing is retried
 * {@link #MAX_TRIES} times with backoff (about a minute in all), then skipped with an error log,
 * so one poisoned update cannot stop the chat.
 */
final class UpdatePoller implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UpdatePoller.class);
    static final int MAX_TRIES = 8;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final BotApi api;
    private final TelegramState state;
    private final Router router;
    private final ActionClicks clicks;
    private final Clock clock;
    private final Duration pollTimeout;
    private final Consumer<UpdateMapper.Bot> onIdentity;
    private volatile boolean stopping;
    private volatile CompletableFuture<?> inFlight;

    UpdatePoller(BotApi api, TelegramState state, Router router, ActionClicks clicks, Clock clock,
                 Duration pollTimeout, Consumer<UpdateMapper.Bot> onIdentity) {
        this.api = api;
        this.state = state;
        this.router = router;
        this.clicks = clicks;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.onIdentity = onIdentity;
    }

    void stop() {
        stopping = true;
        CompletableFuture<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }

    /**
     * Polls until {@link #stop}. Any failure (the network, the central database) is logged and
     * retried with backoff from the last stored offset; the loop itself ends only when stopping.
     * The identity callback gets the bot once {@code getMe} succeeded and null when polling ends.
     */
    @Override
    public void run() {
        try {
            UpdateMapper.Bot bot = identify();
            onIdentity.accept(bot);
            UpdateMapper mapper = new UpdateMapper(bot);
            long offset = -1;
            int failures = 0;
            while (!stopping) {
                try {
                    if (offset < 0) {
                        offset = await(state.offset(bot.id()), Duration.ofSeconds(30));
                        log.atInfo().addKeyValue("bot", bot.username()).addKeyValue("offset", offset)
                                .log("telegram.polling");
                    }
                    var params = Json.object().put("offset", offset).put("timeout", pollTimeout.toSeconds());
                    params.putArray("allowed_updates").add("message").add("edited_message").add("callback_query");
                    JsonNode updates = await(api.call("getUpdates", params, pollTimeout.plusSeconds(15)),
                            pollTimeout.plusSeconds(20));
                    for (JsonNode u : updates) {
                        if (stopping) {
                            break;
                        }
                        long id = u.path("update_id").asLong();
                        handleWithRetries(mapper, u, id);
                        await(state.storeOffset(bot.id(), id + 1), Duration.ofSeconds(30));
                        offset = id + 1;
                    }
                    failures = 0;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (stopping) {
                        break;
                    }
                    failures++;
                    log.atWarn().addKeyValue("error", api.scrub(rootMessage(e))).addKeyValue("failures", failures)
                            .log("telegram.poll_failed");
                    pause(backoff(failures));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.atError().addKeyValue("error", api.scrub(rootMessage(e))).log("telegram.poller_stopped");
        } finally {
            onIdentity.accept(null);
        }
    }

    private UpdateMapper.Bot identify() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode me = await(api.call("getMe", Json.object()), Duration.ofSeconds(40));
                return new UpdateMapper.Bot(me.path("id").asLong(), me.path("username").asText());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (stopping) {
                    throw new InterruptedException("stopping");
                }
                log.atWarn().addKeyValue("error", api.scrub(rootMessage(e))).addKeyValue("attempt", attempt)
                        .log("telegram.get_me_failed");
                pause(backoff(attempt));
            }
        }
    }

    private void handleWithRetries(UpdateMapper mapper, JsonNode u, long id) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                handle(mapper.map(u, clock.instant()), id);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (stopping) {
                    throw new InterruptedException("stopping");
                }
                if (attempt >= MAX_TRIES) {
                    log.atError().addKeyValue("update", id).addKeyValue("error", api.scrub(rootMessage(e)))
                            .log("telegram.update_skipped");
                    return;
                }
                log.atWarn().addKeyValue("update", id).addKeyValue("attempt", attempt)
                        .addKeyValue("error", api.scrub(rootMessage(e))).log("telegram.update_failed");
                pause(backoff(attempt));
            }
        }
    }

    private void handle(TelegramUpdate update, long id) throws Exception {
        if (update instanceof TelegramUpdate.Inbound in) {
            RouteResult r = await(router.route(in.event(), true), Duration.ofSeconds(60));
            log.atInfo().addKeyValue("update", id).addKeyValue("chat", in.event().platformId())
                    .addKeyValue("platform_message_id", in.event().platformMessageId())
                    .addKeyValue("routed", r.routed().size()).addKeyValue("dropped", r.dropped())
                    .addKeyValue("duplicate", r.duplicate()).log("telegram.message_routed");
        } else if (update instanceof TelegramUpdate.Click click) {
            click(click, id);
        } else if (update instanceof TelegramUpdate.Edited e) {
            log.atInfo().addKeyValue("update", id).addKeyValue("chat", e.chatId())
                    .addKeyValue("platform_message_id", e.messageId()).log("telegram.edit_ignored");
        } else if (update instanceof TelegramUpdate.Ignored i) {
            log.atDebug().addKeyValue("update", id).addKeyValue("reason", i.reason()).log("telegram.update_ignored");
        }
    }

    private void click(TelegramUpdate.Click c, long id) throws Exception {
        String answer;
        var target = c.shortId() == null || c.chatId() == null ? java.util.Optional.<CallbackData.Target>empty()
                : await(state.button(c.shortId()), Duration.ofSeconds(30));
        if (target.isEmpty()) {
            answer = "This button is no longer active.";
        } else {
            ClickOutcome outcome = await(clicks.click(new ActionClick("telegram", c.chatId(),
                    target.get().questionId(), target.get().value(), c.userId(), false)), Duration.ofSeconds(60));
            answer = outcome instanceof ClickOutcome.Answered a ? a.message()
                    : ((ClickOutcome.Refused) outcome).message();
            log.atInfo().addKeyValue("update", id).addKeyValue("chat", c.chatId())
                    .addKeyValue("question", target.get().questionId()).addKeyValue("outcome", outcome.getClass()
                            .getSimpleName()).log("telegram.click");
        }
        var p = Json.object().put("callback_query_id", c.callbackQueryId());
        if (answer != null && !answer.isEmpty()) {
            p.put("text", answer.length() > 200 ? answer.substring(0, 199) + "…" : answer);
        }
        try {
            await(api.call("answerCallbackQuery", p), Duration.ofSeconds(40));
        } catch (ExecutionException | TimeoutException e) {
            // the click counted; only the toast is lost (Telegram expires unanswered callbacks itself)
            log.atWarn().addKeyValue("update", id).addKeyValue("error", api.scrub(rootMessage(e)))
                    .log("telegram.callback_answer_failed");
        }
    }

    private <T> T await(CompletableFuture<T> f, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        inFlight = f;
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            inFlight = null;
        }
    }

    private void pause(Duration d) throws InterruptedException {
        if (!stopping) {
            Thread.sleep(d.toMillis());
        }
    }

    static Duration backoff(int failures) {
        long ms = 500L << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c);
    }
}
