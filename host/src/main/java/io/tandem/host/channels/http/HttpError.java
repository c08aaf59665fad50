package io.tandem.host.channels.http;

/**
 * A request the http channel refuses, with the documented status and error code
 * ({@code invalid_json}, {@code invalid_field}, {@code invalid_id}, {@code payload_too_large},
 * {@code unsupported_media_type}, {@code unauthorized}, {@code request_timeout}, ...). Thrown
 * before anything is written. {@code closesConnection}: the answer also ends the connection (a
 * body that missed its deadline, a connection over the cap).
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final boolean closesConnection;

    public HttpError(int status, String code, String message) {
        this(status, code, message, false);
    }

    public HttpError(int status, String code, String message, boolean closesConnection) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.closesConnection = closesConnection;
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

    public boolean closesConnection() {
        return closesConnection;
    }
}
