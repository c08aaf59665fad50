package io.tandem.host.config;

import io.tandem.schema.TandemException;

/** A configuration value that cannot be used; the message names the key. Exit code 2. */
public final class ConfigError extends TandemException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String key, String problem) {
        super("TANDEM-E002", 2, "configuration key " + key + " " + problem);
    }
}
