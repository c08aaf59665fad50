package io.tandem.host.adapters;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The running channel adapters by {@code channel_type}. */
public final class AdapterRegistry {
    private final Map<String, ChannelAdapter> adapters = new LinkedHashMap<>();

    public void register(ChannelAdapter adapter) {
        adapters.put(adapter.channelType(), adapter);
    }

    public Optional<ChannelAdapter> get(String channelType) {
        return Optional.ofNullable(adapters.get(channelType));
    }

    public Collection<ChannelAdapter> all() {
        return adapters.values();
    }
}
