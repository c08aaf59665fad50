package io.tandem.host.channels.http;

/**
 * A request the http channel refuses, with the documented status and error code
 * ({@code invalid_json}, {@code invalid_field}, {@code invalid_id}, {@code payload_too_large},
 * {@code unsupported_media_type}, {@code unauthorized}, ...). Thrown before anything is written.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public HttpError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static HttpError invalidField(String field, String problem) {
        return new HttpError(400, "invalid_field", field + " " + problem);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
