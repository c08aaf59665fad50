package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LongPollWaitersTest {
    final LongPollWaiters waiters = new LongPollWaiters();

    @Test
    void anEventAnnouncedBeforeThePollRegistersIsNotWaitedFor() {
        // the append's announcement reached the event loop before the poll's empty query result
        waiters.fire("demo", 5);
        assertThat(waiters.announcedAfter("demo", 4)).isTrue();
        assertThat(waiters.announcedAfter("demo", 5)).isFalse();
        assertThat(waiters.announcedAfter("other", 0)).isFalse();
    }

    @Test
    void aFireWakesEveryWaiterOfThatChatOnce() {
        List<String> woke = new ArrayList<>();
        waiters.add("demo", () -> woke.add("a"));
        waiters.add("demo", () -> woke.add("b"));
        waiters.add("other", () -> woke.add("c"));
        waiters.fire("demo", 1);
        waiters.fire("demo", 2);
        assertThat(woke).containsExactly("a", "b");
    }

    @Test
    void aRemovedWaiterIsNotWoken() {
        List<String> woke = new ArrayList<>();
        Runnable r = () -> woke.add("a");
        waiters.add("demo", r);
        waiters.remove("demo", r);
        waiters.fire("demo", 1);
        assertThat(woke).isEmpty();
    }
}
