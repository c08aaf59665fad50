package io.tandem.host.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.json.Json;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decision tables: one Bot API update to what the host does with it. */
class UpdateMapperTest {
    private static final UpdateMapper MAPPER = new UpdateMapper(new UpdateMapper.Bot(42, "TandemBot"));
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static String msg(String chatType, long chatId, String extra) {
        return "{\"update_id\":9,\"message\":{\"message_id\":77,\"date\":1764669600,\"chat\":{\"id\":" + chatId
                + ",\"type\":\"" + chatType + "\"},\"from\":{\"id\":5,\"first_name\":\"Ann\",\"last_name\":\"Lee\"}"
                + extra + "}}";
    }

    static Stream<Arguments> mentions() {
        String text = ",\"text\":\"hi @tandembot there\"";
        return Stream.of(
                Arguments.of("private chat: always addressed to the bot", msg("private", 5, ",\"text\":\"hi\""), true, false),
                Arguments.of("group, no entity", msg("group", -100, ",\"text\":\"hi\""), false, true),
                Arguments.of("supergroup, @username entity (any case)", msg("supergroup", -100, text
                        + ",\"entities\":[{\"type\":\"mention\",\"offset\":3,\"length\":10}]"), true, true),
                Arguments.of("group, another user's @mention", msg("group", -100, ",\"text\":\"hi @someone\","
                        + "\"entities\":[{\"type\":\"mention\",\"offset\":3,\"length\":8}]"), false, true),
                Arguments.of("group, entity out of range is ignored", msg("group", -100, text
                        + ",\"entities\":[{\"type\":\"mention\",\"offset\":30,\"length\":10}]"), false, true),
                Arguments.of("group, text_mention of the bot", msg("group", -100, ",\"text\":\"hi bot\","
                        + "\"entities\":[{\"type\":\"text_mention\",\"offset\":3,\"length\":3,\"user\":{\"id\":42}}]"),
                        true, true),
                Arguments.of("group, /cmd@bot", msg("group", -100, ",\"text\":\"/start@TandemBot\","
                        + "\"entities\":[{\"type\":\"bot_command\",\"offset\":0,\"length\":16}]"), true, true),
                Arguments.of("group, reply to the bot's message", msg("group", -100, ",\"text\":\"ok\","
                        + "\"reply_to_message\":{\"message_id\":70,\"from\":{\"id\":42}}"), true, true),
                Arguments.of("group, reply to someone else", msg("group", -100, ",\"text\":\"ok\","
                        + "\"reply_to_message\":{\"message_id\":70,\"from\":{\"id\":6}}"), false, true),
                Arguments.of("caption with a mention", msg("group", -100, ",\"caption\":\"look @TandemBot\","
                        + "\"caption_entities\":[{\"type\":\"mention\",\"offset\":5,\"length\":10}]"), true, true),
                Arguments.of("channel type is not a group", msg("channel", -100, ",\"text\":\"x\""), false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mentions")
    void mentionAndGroup(String why, String update, boolean mention, boolean group) {
        InboundEvent ev = inbound(update);
        assertThat(ev.isMention()).as("mention").isEqualTo(mention);
        assertThat(ev.isGroup()).as("group").isEqualTo(group);
    }

    @Test
    void aMessageMapsToTheChatMessageSenderAndTime() {
        InboundEvent ev = inbound(msg("supergroup", -1001234, ",\"text\":\"hello\",\"message_thread_id\":12,"
                + "\"is_topic_message\":true,\"reply_to_message\":{\"message_id\":70,\"from\":{\"id\":6}}"));
        assertThat(ev.channelType()).isEqualTo("telegram");
        assertThat(ev.platformId()).isEqualTo("-1001234");
        assertThat(ev.platformMessageId()).isEqualTo("77");
        assertThat(ev.threadId()).isEqualTo("12");
        assertThat(ev.senderId()).isEqualTo("5");
        assertThat(ev.userId()).isEqualTo("telegram:5");
        assertThat(ev.senderName()).isEqualTo("Ann Lee");
        assertThat(ev.text()).isEqualTo("hello");
        assertThat(ev.timestamp()).isEqualTo("2025-12-02T10:00:00.000Z");
        assertThat(Json.write(ev.content())).isEqualTo(
                "{\"text\":\"hello\",\"sender\":{\"id\":\"5\",\"name\":\"Ann Lee\"},\"reply_to\":\"70\"}");
    }

    static Stream<Arguments> threads() {
        return Stream.of(
                Arguments.of("forum topic message", ",\"message_thread_id\":12,\"is_topic_message\":true", "12"),
                Arguments.of("reply chain in a plain supergroup is not a thread", ",\"message_thread_id\":12", null),
                Arguments.of("no thread", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threads")
    void threadIsTheForumTopic(String why, String extra, String thread) {
        assertThat(inbound(msg("supergroup", -100, ",\"text\":\"x\"" + extra)).threadId()).isEqualTo(thread);
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("/clear@TandemBot", "/clear"),
                Arguments.of("/clear@tandembot now", "/clear now"),
                Arguments.of("/clear@OtherBot", "/clear@OtherBot"),
                Arguments.of("hello @TandemBot", "hello @TandemBot"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("texts")
    void aCommandToThisBotLosesItsSuffix(String text, String stored) {
        InboundEvent ev = inbound(msg("group", -100, ",\"text\":\"" + text + "\""));
        assertThat(ev.text()).isEqualTo(stored);
        assertThat(ev.content().path("text").asText()).isEqualTo(stored);
    }

    static Stream<Arguments> ignored() {
        return Stream.of(
                Arguments.of("no text, no caption (a sticker)", msg("private", 5, ",\"sticker\":{}"),
                        "message without text or caption"),
                Arguments.of("the bot's own message", "{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{\"id\":5,"
                        + "\"type\":\"private\"},\"from\":{\"id\":42},\"text\":\"x\"}}", "the bot's own message"),
                Arguments.of("no sender", "{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{\"id\":5,"
                        + "\"type\":\"private\"},\"text\":\"x\"}}", "message without a sender (from.id)"),
                Arguments.of("no chat id", "{\"update_id\":1,\"message\":{\"message_id\":1,\"chat\":{},"
                        + "\"from\":{\"id\":5},\"text\":\"x\"}}", "message without chat.id or message_id"),
                Arguments.of("a channel post", "{\"update_id\":1,\"channel_post\":{}}", "update kind not handled: channel_post"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignored")
    void updatesTheHostDoesNotActOn(String why, String update, String reason) {
        assertThat(MAPPER.map(Json.parse(update), NOW)).isEqualTo(new TelegramUpdate.Ignored(reason));
    }

    @Test
    void anEditIsOnlyReported() {
        assertThat(MAPPER.map(Json.parse("{\"update_id\":3,\"edited_message\":{\"message_id\":8,\"chat\":{\"id\":5},"
                + "\"text\":\"new\"}}"), NOW)).isEqualTo(new TelegramUpdate.Edited("5", "8"));
    }

    static Stream<Arguments> clicks() {
        String data = CallbackData.data(CallbackData.shortId("q-1", "yes"));
        String id = CallbackData.shortId("q-1", "yes");
        return Stream.of(
                Arguments.of("our button", "{\"id\":\"cb1\",\"from\":{\"id\":5},\"message\":{\"message_id\":3,"
                        + "\"chat\":{\"id\":-100}},\"data\":\"" + data + "\"}",
                        new TelegramUpdate.Click("cb1", "-100", id, "telegram:5")),
                Arguments.of("foreign data", "{\"id\":\"cb2\",\"from\":{\"id\":5},\"message\":{\"message_id\":3,"
                        + "\"chat\":{\"id\":5}},\"data\":\"other\"}", new TelegramUpdate.Click("cb2", "5", null, "telegram:5")),
                Arguments.of("inline-mode message (no chat)", "{\"id\":\"cb3\",\"from\":{\"id\":5},\"inline_message_id\":"
                        + "\"x\",\"data\":\"" + data + "\"}", new TelegramUpdate.Click("cb3", null, id, "telegram:5")),
                Arguments.of("no clicker", "{\"id\":\"cb4\",\"data\":\"" + data + "\"}",
                        new TelegramUpdate.Ignored("callback_query without id or from.id")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clicks")
    void callbackQueries(String why, String query, TelegramUpdate expected) {
        assertThat(MAPPER.map(Json.parse("{\"update_id\":4,\"callback_query\":" + query + "}"), NOW)).isEqualTo(expected);
    }

    private static InboundEvent inbound(String update) {
        TelegramUpdate u = MAPPER.map(Json.parse(update), NOW);
        assertThat(u).isInstanceOf(TelegramUpdate.Inbound.class);
        return ((TelegramUpdate.Inbound) u).event();
    }
}
