package io.reflex.web;

/**
 * An error answered to the client as {@code {"faultstring": "..."}} with an HTTP status (StackStorm's
 * error shape). {@code conflictId} is added as {@code conflict-id} on 409 duplicates.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String conflictId;

    public ApiException(int status, String faultstring) {
        this(status, faultstring, null);
    }

    public ApiException(int status, String faultstring, String conflictId) {
        super(faultstring);
        this.status = status;
        this.conflictId = conflictId;
    }

    public int status() {
        return status;
    }

    public String conflictId() {
        return conflictId;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized - " + message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message, String conflictId) {
        return new ApiException(409, message, conflictId);
    }
}
