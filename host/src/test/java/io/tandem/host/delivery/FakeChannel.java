package io.tandem.host.delivery;

import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.channels.OutboundReaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A chat platform at the outer boundary: records every call, answers with fresh platform ids. */
final class FakeChannel implements Channel {
    final List<OutboundDelivery> sent = new CopyOnWriteArrayList<>();
    final List<OutboundDelivery> cards = new CopyOnWriteArrayList<>();
    final List<OutboundEdit> edits = new CopyOnWriteArrayList<>();
    final List<OutboundReaction> reactions = new CopyOnWriteArrayList<>();
    final AtomicReference<RuntimeException> failWith = new AtomicReference<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile Consumer<OutboundDelivery> beforeCard = d -> { };
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public String channelType() {
        return "http";
    }

    @Override
    public boolean supportsThreads() {
        return true;
    }

    @Override
    public boolean started() {
        return true;
    }

    private CompletableFuture<String> answer(Runnable record) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            RuntimeException fail = failWith.get();
            if (fail != null) {
                return CompletableFuture.failedFuture(fail);
            }
            record.run();
            return CompletableFuture.completedFuture("p-" + ids.incrementAndGet());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public CompletableFuture<String> send(OutboundDelivery d) {
        return answer(() -> sent.add(d));
    }

    @Override
    public CompletableFuture<String> sendCard(OutboundDelivery d) {
        return answer(() -> {
            beforeCard.accept(d);
            cards.add(d);
        });
    }

    @Override
    public CompletableFuture<String> edit(OutboundEdit e) {
        return answer(() -> edits.add(e));
    }

    @Override
    public CompletableFuture<String> react(OutboundReaction r) {
        return answer(() -> reactions.add(r));
    }

    static ChannelException permanent(String why) {
        return new ChannelException(why, true);
    }
}
