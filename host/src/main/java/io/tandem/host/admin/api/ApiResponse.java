package io.tandem.host.admin.api;

/** An admin answer: status and a body Jackson can write (a map, a list, a record). */
public record ApiResponse(int status, Object body) {
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }
}
