package io.reflex.web;

import io.reflex.core.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder refused before any routing (a request line or headers over the server's
 * limits, a malformed request) with the same {@code {"faultstring": ...}} body as every other error, so a
 * client sees why: 414 for a URI over {@code maxInitialLineLength}, 431 for headers over
 * {@code maxHeaderSize}, 400 otherwise. The connection is closed after the answer, as the decoder cannot
 * continue reading it.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
    private final int maxLine;
    private final int maxHeaders;

    public InvalidRequests(HttpServerOptions options) {
        this.maxLine = options.getMaxInitialLineLength();
        this.maxHeaders = options.getMaxHeaderSize();
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String kind = cause == null ? "" : cause.getClass().getSimpleName();
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        int status;
        String faultstring;
        if (kind.equals("TooLongHttpLineException") || message.startsWith("An HTTP line is larger than")) {
            status = 414;
            faultstring = "The request line (method and URI) is longer than " + maxLine + " bytes";
        } else if (kind.equals("TooLongHttpHeaderException") || message.startsWith("HTTP header is larger than")) {
            status = 431;
            faultstring = "The request headers are larger than " + maxHeaders + " bytes";
        } else {
            status = 400;
            faultstring = "Malformed HTTP request";
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Json.write(Json.object().put("faultstring", faultstring)))
                .onComplete(done -> request.connection().close());
    }
}
