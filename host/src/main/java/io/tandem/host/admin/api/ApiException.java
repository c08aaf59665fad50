package io.tandem.host.admin.api;

/**
 * A refused admin request: its HTTP status, a short machine code and a message naming the field
 * or id at fault. The HTTP layer and the CLI print the same message, so an operator reads one
 * wording whichever way the request came.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException noRoute(ApiRequest r) {
        return new ApiException(404, "no_such_endpoint", "no such endpoint: " + r.describe());
    }
}
