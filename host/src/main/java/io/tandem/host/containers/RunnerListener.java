package io.tandem.host.containers;

import io.tandem.host.session.SessionRef;

/** Told when a session's runner starts and stops (the outbound watcher follows running sessions). */
public interface RunnerListener {
    void runnerStarted(SessionRef session);

    void runnerStopped(SessionRef session);
}
