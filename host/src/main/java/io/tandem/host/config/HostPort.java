package io.tandem.host.config;

/** A {@code host:port} bind address; port 0 means any free port. */
public record HostPort(String host, int port) {

    public static HostPort parse(String key, String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigError(key, "must be HOST:PORT, got '" + value + "'");
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new ConfigError(key, "port must be 0..65535, got " + port);
            }
            return new HostPort(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new ConfigError(key, "port is not a number in '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
