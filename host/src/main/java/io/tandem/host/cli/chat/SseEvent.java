package io.tandem.host.cli.chat;

/**
 * One dispatched Server-Sent Event: {@code id} is the stream's last event id when it was
 * dispatched (null while the stream has sent none), {@code type} the {@code event:} field
 * ({@code "message"} when absent, as the SSE specification says), {@code data} the joined
 * {@code data:} lines.
 */
public record SseEvent(String id, String type, String data) {
}
