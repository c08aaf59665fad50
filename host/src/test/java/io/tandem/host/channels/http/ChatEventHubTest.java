package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChatEventHubTest {
    final ChatEventHub hub = new ChatEventHub();

    @Test
    void anAnnouncementWakesEveryWaiterOfThatChatOnce() {
        List<String> woke = new ArrayList<>();
        ChatEventHub.Waiter a = hub.await("demo", () -> woke.add("a"));
        hub.await("demo", () -> woke.add("b"));
        ChatEventHub.Waiter c = hub.await("other", () -> woke.add("c"));
        hub.announce("demo", 1);
        hub.announce("demo", 2);
        assertThat(woke).containsExactly("a", "b");
        assertThat(a.fired()).isTrue();
        assertThat(c.fired()).isFalse();
    }

    @Test
    void aCancelledWaiterIsNotWokenAndNothingStaysBehind() {
        List<String> woke = new ArrayList<>();
        ChatEventHub.Waiter a = hub.await("demo", () -> woke.add("a"));
        a.cancel();
        hub.announce("demo", 1);
        assertThat(woke).isEmpty();
        for (int i = 0; i < 1000; i++) {
            hub.await("chat-" + i, () -> { }).cancel();
            hub.await("fired-" + i, () -> { });
            hub.announce("fired-" + i, 1);
        }
        assertThat(hub.waiting()).isZero();
        assertThat(hub.chats()).as("no memory per chat ever seen").isZero();
    }

    /**
     * The invariant long polls rely on: register, then read. A writer that commits and then
     * announces can never fall between the two, whatever the interleaving.
     */
    @Test
    void aReaderThatRegistersBeforeReadingNeverMissesAnEvent() throws Exception {
        AtomicLong committed = new AtomicLong();
        int events = 20_000;
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= events; i++) {
                committed.set(i);
                hub.announce("demo", i);
            }
        });
        writer.start();
        long seen = 0;
        while (seen < events) {
            CountDownLatch woken = new CountDownLatch(1);
            ChatEventHub.Waiter w = hub.await("demo", woken::countDown);
            long now = committed.get();
            if (now > seen) {
                w.cancel();
                seen = now;
                continue;
            }
            assertThat(woken.await(20, TimeUnit.SECONDS)).as("woken for an event after %d", seen).isTrue();
        }
        writer.join();
        assertThat(seen).isEqualTo(events);
    }

    @Test
    void theEventRightAfterAWaitersCursorIsHandedOverOthersBelowAreOnlyWoken() {
        List<String> got = new ArrayList<>();
        hub.await("demo", 4, e -> got.add("at4:" + e));
        hub.await("demo", 2, e -> got.add("at2:" + e));
        ChatEventHub.Waiter ahead = hub.await("demo", 5, e -> got.add("at5:" + e));
        hub.announce("demo", 5, "{\"cursor\":5}");
        assertThat(got).containsExactly("at4:{\"cursor\":5}", "at2:null");
        assertThat(ahead.fired()).as("a waiter at the cursor keeps waiting").isFalse();
        assertThat(hub.waiting()).isEqualTo(1);
        hub.announce("demo", 6, null);
        assertThat(got).containsExactly("at4:{\"cursor\":5}", "at2:null", "at5:null");
        assertThat(hub.handedOver()).isEqualTo(1);
        assertThat(hub.woken()).isEqualTo(2);
        assertThat(hub.chats()).isZero();
    }
}
