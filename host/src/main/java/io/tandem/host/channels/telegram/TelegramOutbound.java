package io.tandem.host.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundFile;
import io.tandem.host.channels.OutboundReaction;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Turns outbound rows into Bot API calls: a chat row into {@code sendMessage} parts (split at
 * 4,096 characters) and one {@code sendDocument} per file, a question into a message with an
 * inline keyboard whose buttons are mapped in adapter state BEFORE it is sent (a click can never
 * name a button the host does not know), edits into {@code editMessageText}, reactions into
 * {@code setMessageReaction}. Each part of a row is recorded once sent, so a retried delivery sends
 * only what is missing. The platform message id of a row is that of its first part.
 */
final class TelegramOutbound {
    private final BotApi api;
    private final TelegramState state;
    private final Executor io;
    private final Duration buttonTtl;

    TelegramOutbound(BotApi api, TelegramState state, Executor io, Duration buttonTtl) {
        this.api = api;
        this.state = state;
        this.io = io;
        this.buttonTtl = buttonTtl;
    }

    CompletableFuture<String> message(OutboundDelivery d) {
        JsonNode c = d.content();
        List<Supplier<CompletableFuture<JsonNode>>> parts = new ArrayList<>();
        List<String> texts = MessageSplitter.split(c.path("text").asText(""));
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode p = target(d.platformId(), d.threadId()).put("text", texts.get(i));
            if (i == 0 && d.replyToPlatformMessageId() != null) {
                replyTo(p, d.replyToPlatformMessageId());
            }
            parts.add(() -> api.call("sendMessage", p));
        }
        for (OutboundFile f : d.files()) {
            ObjectNode p = target(d.platformId(), d.threadId());
            parts.add(() -> CompletableFuture.supplyAsync(() -> read(d, f), io).thenCompose(bytes ->
                    api.callMultipart("sendDocument", p, "document", f.name(), f.type(), bytes)));
        }
        if (parts.isEmpty()) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "message " + d.messageOutId() + " has neither text nor files; Telegram cannot send it", true));
        }
        return sendParts(d.messageOutId(), parts);
    }

    CompletableFuture<String> question(OutboundDelivery d) {
        JsonNode c = d.content();
        String questionId = c.path("question_id").asText("");
        if (questionId.isEmpty() || !c.path("options").isArray() || c.path("options").isEmpty()) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "question " + d.messageOutId() + " needs a question_id and at least one option", true));
        }
        Map<String, CallbackData.Target> buttons = new LinkedHashMap<>();
        ObjectNode markup = Json.object();
        ArrayNode rows = markup.putArray("inline_keyboard");
        for (JsonNode o : c.path("options")) {
            String value = o.path("value").asText(o.asText());
            String label = o.path("label").asText(value);
            String id = CallbackData.shortId(questionId, value);
            buttons.put(id, new CallbackData.Target(questionId, value));
            rows.addArray().addObject().put("text", label).put("callback_data", CallbackData.data(id));
        }
        String title = c.path("title").asText("");
        String question = c.path("question").asText("");
        String text = title.isEmpty() ? question : question.isEmpty() || question.equals(title) ? title
                : title + "\n\n" + question;
        ObjectNode p = target(d.platformId(), d.threadId()).put("text", text.isEmpty() ? questionId : text);
        p.set("reply_markup", markup);
        if (text.length() > MessageSplitter.LIMIT) {
            return CompletableFuture.failedFuture(new ChannelException("question " + questionId + " is "
                    + text.length() + " characters; a Telegram message holds at most " + MessageSplitter.LIMIT, true));
        }
        return state.putButtons(buttons, buttonTtl)
                .thenCompose(v -> sendParts(d.messageOutId(), List.of(() -> api.call("sendMessage", p))));
    }

    /** A card: its fallback text, with the card's link buttons ({@code buttons:[{label,url}]}) if any. */
    CompletableFuture<String> card(OutboundDelivery d) {
        JsonNode c = d.content();
        JsonNode card = c.path("card");
        String text = c.hasNonNull("fallback_text") ? c.path("fallback_text").asText()
                : card.path("title").asText(c.path("text").asText(""));
        if (text.isEmpty()) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "card " + d.messageOutId() + " has no fallback_text to show on Telegram", true));
        }
        List<String> texts = MessageSplitter.split(text);
        ArrayNode rows = Json.MAPPER.createArrayNode();
        for (JsonNode b : card.path("buttons")) {
            if (b.hasNonNull("url") && b.path("url").asText().matches("https?://\\S+")) {
                rows.addArray().addObject().put("text", b.path("label").asText(b.path("url").asText()))
                        .put("url", b.path("url").asText());
            }
        }
        List<Supplier<CompletableFuture<JsonNode>>> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode p = target(d.platformId(), d.threadId()).put("text", texts.get(i));
            if (i == texts.size() - 1 && !rows.isEmpty()) {
                p.putObject("reply_markup").set("inline_keyboard", rows);
            }
            parts.add(() -> api.call("sendMessage", p));
        }
        return sendParts(d.messageOutId(), parts);
    }

    CompletableFuture<String> edit(OutboundEdit e) {
        if (e.targetPlatformMessageId() == null) {
            return CompletableFuture.failedFuture(new ChannelException("edit of seq " + e.targetSeq()
                    + " has no platform message id on channel telegram", true));
        }
        if (e.text().length() > MessageSplitter.LIMIT) {
            return CompletableFuture.failedFuture(new ChannelException("edit text is " + e.text().length()
                    + " characters; a Telegram message holds at most " + MessageSplitter.LIMIT, true));
        }
        ObjectNode p = Json.object().put("chat_id", e.target().platformId())
                .put("message_id", Long.parseLong(e.targetPlatformMessageId())).put("text", e.text());
        return api.call("editMessageText", p).handle((r, err) -> {
            if (err != null && !(cause(err) instanceof BotApiException b
                    && b.getMessage().contains("message is not modified"))) {
                throw failure(err);
            }
            return e.targetPlatformMessageId();
        });
    }

    CompletableFuture<String> react(OutboundReaction r) {
        if (r.targetPlatformMessageId() == null) {
            return CompletableFuture.failedFuture(new ChannelException("reaction to seq " + r.targetSeq()
                    + " has no platform message id on channel telegram", true));
        }
        ObjectNode p = Json.object().put("chat_id", r.target().platformId())
                .put("message_id", Long.parseLong(r.targetPlatformMessageId()));
        p.putArray("reaction").addObject().put("type", "emoji").put("emoji", r.emoji());
        return translate(api.call("setMessageReaction", p)).thenApply(x -> r.targetPlatformMessageId());
    }

    /** {@code sendChatAction typing}; best effort. */
    CompletableFuture<JsonNode> typing(ChatTarget t) {
        return api.call("sendChatAction", target(t.platformId(), t.threadId()).put("action", "typing"));
    }

    /** Sends the parts in order, skipping parts already recorded; completes with the first part's id. */
    private CompletableFuture<String> sendParts(String messageOutId,
                                                List<Supplier<CompletableFuture<JsonNode>>> parts) {
        CompletableFuture<String> first = null;
        CompletableFuture<String> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < parts.size(); i++) {
            int part = i;
            chain = chain.thenCompose(x -> state.sent(messageOutId, part)).thenCompose(done -> done.isPresent()
                    ? CompletableFuture.completedFuture(done.get())
                    : translate(parts.get(part).get()).thenApply(m -> m.path("message_id").asText())
                            .thenCompose(id -> state.recordSent(messageOutId, part, id).thenApply(v -> id)));
            if (i == 0) {
                first = chain;
            }
        }
        CompletableFuture<String> firstId = first;
        return chain.thenCompose(last -> firstId);
    }

    /**
     * The bytes of a file delivery checked (a regular file within {@code delivery.max_file}); opened
     * without following links, so a link swapped in since fails the row, as does a file gone.
     */
    private static byte[] read(OutboundDelivery d, OutboundFile f) {
        try (InputStream in = f.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ChannelException("file " + f.name() + " of " + d.messageOutId() + " cannot be read: " + e, true);
        }
    }

    /** Quotes the message answered; if it is gone by now, Telegram sends without the quote. */
    private static void replyTo(ObjectNode p, String platformMessageId) {
        try {
            p.putObject("reply_parameters").put("message_id", Long.parseLong(platformMessageId))
                    .put("allow_sending_without_reply", true);
        } catch (NumberFormatException e) {
            p.remove("reply_parameters");
        }
    }

    private static ObjectNode target(String chatId, String threadId) {
        ObjectNode p = Json.object().put("chat_id", chatId);
        if (threadId != null) {
            p.put("message_thread_id", Long.parseLong(threadId));
        }
        return p;
    }

    private static <T> CompletableFuture<T> translate(CompletableFuture<T> call) {
        return call.handle((r, err) -> {
            if (err != null) {
                throw failure(err);
            }
            return r;
        });
    }

    private static Throwable cause(Throwable err) {
        return err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    /** 400/403/404 are permanent with Telegram's description; 429 after its retries, 5xx, network: transient. */
    static ChannelException failure(Throwable err) {
        Throwable c = cause(err);
        if (c instanceof ChannelException ce) {
            return ce;
        }
        if (c instanceof BotApiException b) {
            return new ChannelException("telegram " + b.getMessage(), !b.transientFailure());
        }
        return new ChannelException("telegram: " + c, false);
    }
}
