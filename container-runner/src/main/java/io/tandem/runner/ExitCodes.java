package io.tandem.runner;

import io.tandem.schema.migrate.SessionSchema;

/**
 * The runner's exit codes. The host reads them to tell "stopped normally" from "already running"
 * from "this session's files are too new" from "crashed, recover and retry", so they are part of
 * the external interface and never change meaning.
 */
public final class ExitCodes {
    /** Idle exit, stdin reached EOF, or SIGTERM: nothing is left half done that recovery must see. */
    public static final int OK = 0;
    /** Any other fatal error (unreadable container.json, a failed write to outbound.db, ...). */
    public static final int FATAL = 1;
    /** Bad command line (picocli's usage code). */
    public static final int USAGE = 2;
    /** inbound.db or outbound.db carries a newer {@code user_version} than this build ({@code TANDEM-E005}). */
    public static final int NEWER_SESSION_FILE = SessionSchema.NEWER_SESSION_FILE_EXIT;
    /** {@code out/runner.lock} is held by another runner; nothing was touched. */
    public static final int ALREADY_RUNNING = 6;
    /** The agent was silent for {@code batch_timeout_ms} during a batch; it was killed, nothing acked. */
    public static final int BATCH_TIMEOUT = 7;
    /**
     * The agent exited (or closed its stdout) without being asked to; nothing acked. For a
     * built-in agent in the runner's JVM: its thread returned or threw ({@code agent.failed}).
     */
    public static final int AGENT_EXITED = 8;

    private ExitCodes() {
    }
}
