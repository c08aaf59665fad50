package io.tandem.host.channels.telegram;

import io.tandem.host.central.AdapterStateStore;
import io.tandem.host.central.CentralDb;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The adapter's rows in {@code chat_sdk_kv}, all under {@code telegram:}: the next
 * {@code getUpdates} offset per bot (never expires; written only after the update it follows was
 * committed), the button map of {@link CallbackData} (expires with the question), and the platform
 * ids of parts already sent per {@code messages_out} id (so a delivery repeated after a crash does
 * not post the same part twice). Writes go through the central lane, reads through its read
 * connection; none runs on the caller's thread.
 */
final class TelegramState {
    private final CentralDb central;
    private final AdapterStateStore kv;
    private final Clock clock;
    private final Duration sentTtl;

    TelegramState(CentralDb central, AdapterStateStore kv, Clock clock, Duration sentTtl) {
        this.central = central;
        this.kv = kv;
        this.clock = clock;
        this.sentTtl = sentTtl;
    }

    private static String offsetKey(long botId) {
        return "telegram:offset:" + botId;
    }

    /** The next update id to ask for (0 when none was committed yet). */
    CompletableFuture<Long> offset(long botId) {
        return central.read(c -> kv.kvGet(c, offsetKey(botId)).map(Long::parseLong).orElse(0L));
    }

    CompletableFuture<Void> storeOffset(long botId, long next) {
        return central.tx(c -> {
            kv.kvPut(c, offsetKey(botId), Long.toString(next), null);
            return null;
        });
    }

    /** Stores the buttons of one question card before it is sent (one transaction). */
    CompletableFuture<Void> putButtons(Map<String, CallbackData.Target> buttons, Duration ttl) {
        String expires = Timestamps.format(clock.instant().plus(ttl));
        return central.tx(c -> {
            for (var e : buttons.entrySet()) {
                kv.kvPut(c, CallbackData.stateKey(e.getKey()), Json.write(Json.object()
                        .put("question_id", e.getValue().questionId()).put("value", e.getValue().value())), expires);
            }
            return null;
        });
    }

    CompletableFuture<Optional<CallbackData.Target>> button(String shortId) {
        return central.read(c -> kv.kvGet(c, CallbackData.stateKey(shortId)).map(Json::parse)
                .map(n -> new CallbackData.Target(n.path("question_id").asText(), n.path("value").asText())));
    }

    private static String sentKey(String messageOutId, int part) {
        return "telegram:sent:" + messageOutId + "#" + part;
    }

    /** The platform id of part {@code part} of {@code messageOutId} if it was sent already. */
    CompletableFuture<Optional<String>> sent(String messageOutId, int part) {
        return central.read(c -> kv.kvGet(c, sentKey(messageOutId, part)));
    }

    CompletableFuture<Void> recordSent(String messageOutId, int part, String platformMessageId) {
        String expires = Timestamps.format(clock.instant().plus(sentTtl));
        return central.tx(c -> {
            kv.kvPut(c, sentKey(messageOutId, part), platformMessageId, expires);
            return null;
        });
    }
}
