package io.tandem.host.backup;

import io.tandem.schema.TandemException;

/**
 * A backup, restore or export that refused or failed; the message names the file or folder and
 * what to do. Exit 1 ({@code TANDEM-E001}) like every other verb that cannot run.
 */
public final class BackupException extends TandemException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super("TANDEM-E001", 1, message);
    }

    public BackupException(String message, Throwable cause) {
        super("TANDEM-E001", 1, message, cause);
    }
}
