package io.tandem.host.channels;

/** One platform chat (and thread, on threaded channels), already re-checked by delivery. */
public record ChatTarget(String channelType, String platformId, String threadId) {
}
