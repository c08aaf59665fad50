package io.tandem.runner.loop;

import io.tandem.schema.db.Durability;
import java.nio.file.Path;

/**
 * What carrying out agent actions needs from the runner's surroundings: the group folder that
 * {@code send.files} paths are relative to, {@code out/outbox/} where they are copied, how hard
 * those copies are synced, and the limits ({@code max_file} per file, {@code max_output_per_batch}
 * of text per batch), and the group's zone that a task time without an offset is read in.
 */
record ActionEnv(String sessionId, Path groupDir, Path outbox, Durability durability, long maxFileBytes,
        long maxOutputPerBatch, java.time.ZoneId zone) {
}
