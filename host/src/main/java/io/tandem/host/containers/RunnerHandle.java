package io.tandem.host.containers;

import io.tandem.host.session.SessionRef;
import java.time.Instant;

/** A live runner process, its session and when it was spawned (liveness counts from then). */
public record RunnerHandle(SessionRef session, Process process, Instant spawnedAt) {
}
