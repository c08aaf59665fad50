package io.tandem.host.channels;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The running channel adapters by {@code channel_type}. */
public final class ChannelRegistry {
    private final Map<String, Channel> adapters = new LinkedHashMap<>();

    public void register(Channel adapter) {
        adapters.put(adapter.channelType(), adapter);
    }

    public Optional<Channel> get(String channelType) {
        return Optional.ofNullable(adapters.get(channelType));
    }

    public Collection<Channel> all() {
        return adapters.values();
    }
}
