package io.tandem.schema;

/**
 * A failure with a stable, documented code ({@code TANDEM-E004}, ...) and, where it ends a
 * process, the exit code that process uses. Operators grep logs and scripts test exit codes, so
 * both are part of the external interface.
 */
public class TandemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int exitCode;

    public TandemException(String code, int exitCode, String message) {
        super(code + ": " + message);
        this.code = code;
        this.exitCode = exitCode;
    }

    public TandemException(String code, int exitCode, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.exitCode = exitCode;
    }

    public String code() {
        return code;
    }

    public int exitCode() {
        return exitCode;
    }
}
