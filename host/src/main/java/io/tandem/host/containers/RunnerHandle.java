package io.tandem.host.containers;

import io.tandem.host.session.SessionRef;
import java.time.Instant;

/**
 * A live runner process, its session, when it was spawned (liveness counts from then) and the
 * runtime that started it (which knows how to stop it for good).
 */
public record RunnerHandle(SessionRef session, Process process, Instant spawnedAt, ContainerRuntime runtime) {
}
