package io.tandem.host.admin.api;

import java.util.concurrent.CompletableFuture;

/**
 * An admin resource that works on session files ({@code /tasks}, {@code /messages}): it looks the
 * sessions up in central on the read connection, then does its work on the session lanes, so it
 * never holds the central lane while a session file is read or written.
 */
interface SessionResource {
    CompletableFuture<ApiResponse> handle(ApiRequest r);
}
