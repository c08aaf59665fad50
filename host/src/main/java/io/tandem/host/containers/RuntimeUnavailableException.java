package io.tandem.host.containers;

import java.io.IOException;

/** A runtime that cannot run a runner on this machine (no bubblewrap, no user namespaces). */
public final class RuntimeUnavailableException extends IOException {
    public RuntimeUnavailableException(String message) {
        super(message);
    }
}
