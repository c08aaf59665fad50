package io.tandem.host.doctor;

import java.util.Locale;

/** How bad a doctor finding is: {@code error} findings make {@code tandem doctor} exit 1. */
public enum Severity {
    OK, WARN, ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
