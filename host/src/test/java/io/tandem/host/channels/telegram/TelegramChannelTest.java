package io.tandem.host.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.config.TandemConfig;
import io.tandem.host.support.FakeBotApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel's own behaviour against the fake Bot API, without a host: readiness follows
 * {@code getMe} and the end of polling, typing repeats until turned off, DMs are the user's id.
 */
class TelegramChannelTest {
    static final String TOKEN = "777:channel-secret";
    @TempDir
    Path tmp;
    FakeBotApi fake;
    CentralDb central;
    TelegramChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeBotApi(TOKEN);
        Clock clock = Clock.systemUTC();
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        // the router is not reached: these tests send no user messages
        channel = new TelegramChannel(new TelegramChannel.TelegramConfigView(new TandemConfig.Telegram(true, TOKEN,
                fake.base(), Duration.ofSeconds(1)), Duration.ofHours(24), Duration.ofDays(7)), central,
                CentralStores.sqlite(clock).adapterState(), null, ActionClicks.NONE, clock);
    }

    @AfterEach
    void tearDown() {
        channel.stop();
        fake.close();
        central.close();
    }

    @Test
    void readyOnceGetMeSucceededAndNoLongerOnceStopped() {
        assertThat(channel.started()).isFalse();
        channel.start();
        await().atMost(Duration.ofSeconds(30)).until(channel::started);
        await().atMost(Duration.ofSeconds(30)).until(() -> !fake.calls("getUpdates").isEmpty());
        assertThat(fake.calls("getUpdates").get(0).params().path("offset").asLong()).isZero();
        assertThat(channel.verifiesSenders()).isTrue();
        channel.stop();
        assertThat(channel.started()).isFalse();
    }

    @Test
    void typingRepeatsWhileOnAndStopsWhenOff() {
        ChatTarget chat = new ChatTarget("telegram", "-100", null);
        channel.typing(chat, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.calls("sendChatAction").size() >= 2);
        channel.typing(chat, false);
        int sent = fake.calls("sendChatAction").size();
        // one call already in flight may still land; a repeat (every 4 s) would add two within 9 s
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12))
                .until(() -> fake.calls("sendChatAction").size() <= sent + 1);
    }

    @Test
    void aDirectChatIsTheUsersOwnIdAndOtherUsersAreRefused() throws Exception {
        assertThat(channel.openDm("telegram:4242").get(5, TimeUnit.SECONDS)).isEqualTo("4242");
        for (String user : new String[] {"http:ann", "telegram:abc", null}) {
            ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> channel.openDm(user).get(5, TimeUnit.SECONDS), ExecutionException.class);
            assertThat(e.getCause()).isInstanceOf(ChannelException.class);
            assertThat(((ChannelException) e.getCause()).permanent()).isTrue();
        }
    }
}
