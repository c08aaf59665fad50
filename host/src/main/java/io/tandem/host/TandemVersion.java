package io.tandem.host;

/** The one place the version is written: {@code tandem --version} and {@code tandem status} show it. */
public final class TandemVersion {
    public static final String VERSION = "0.1.0";

    private TandemVersion() {
    }
}
