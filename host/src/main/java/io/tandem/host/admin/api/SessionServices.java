package io.tandem.host.admin.api;

import io.tandem.host.messages.ConversationTail;
import io.tandem.host.messages.FailedMessages;
import io.tandem.host.status.SessionStats;
import io.tandem.host.session.SessionQuarantines;
import io.tandem.host.tasks.TaskService;

/**
 * The session-side services the task, message and status resources work through: they read and write
 * session files on the session lanes, never on the central lane. A running host hands in its own;
 * the CLI's direct path builds them on the files it holds under {@code host.lock}. Quarantines
 * ({@code tandem doctor --fix}) also run on the session lanes.
 */
public record SessionServices(TaskService tasks, FailedMessages messages, ConversationTail tail,
                              SessionStats stats, SessionQuarantines quarantines) {
}
