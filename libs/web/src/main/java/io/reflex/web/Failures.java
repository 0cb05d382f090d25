package io.reflex.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.BusException;
import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.execution.IllegalTransitionException;
import io.reflex.core.json.Json;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's failure handler: every error becomes {@code {"faultstring": ...}} with StackStorm's status
 * mapping (validation 400, auth 401, access 403, not found 404, conflict 409 with {@code conflict-id}),
 * an unreachable backend 503 with {@code Retry-After} (the bus and store reconnect every second, so a
 * client that waits that long usually gets through), anything else 500 without internals. Stack traces are
 * logged, never sent.
 */
public final class Failures implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    /** Seconds a client is asked to wait after a 503 (a backend is reconnecting). */
    static final String RETRY_AFTER_SECONDS = "2";

    @Override
    public void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String message;
        String conflictId = null;
        if (t instanceof ApiException e) {
            status = e.status();
            message = e.getMessage();
            conflictId = e.conflictId();
        } else if (t instanceof DuplicateKeyException e) {
            status = 409;
            message = "Tried to save a duplicate: " + e.getMessage();
            conflictId = e.conflictId();
        } else if (t instanceof IllegalTransitionException e) {
            status = 400;
            message = e.getMessage();
        } else if (t instanceof StoreException || t instanceof BusException || t instanceof CoordinationException) {
            status = 503;
            message = "Service unavailable: " + t.getMessage();
            log.warn("backend unavailable path={} error={}", ctx.request().path(), t.toString());
        } else if (t instanceof IllegalArgumentException e) {
            status = 400;
            message = e.getMessage();
        } else if (t == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            message = defaultMessage(status);
        } else {
            status = 500;
            message = "Internal Server Error";
            log.error(
                    "request failed method={} path={} request_id={}",
                    ctx.request().method(),
                    ctx.request().path(),
                    ctx.response().headers().get(RequestIds.HEADER),
                    t);
        }
        ObjectNode body = Json.object().put("faultstring", message == null ? defaultMessage(status) : message);
        if (conflictId != null) {
            body.put("conflict-id", conflictId);
        }
        if (!ctx.response().ended()) {
            if (status == 503) {
                ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.write(body));
        }
    }

    /** Answers {@code status} with {@code faultstring} (for router-level errors such as 404 and 405). */
    public void handle(RoutingContext ctx, int status, String faultstring) {
        if (!ctx.response().ended()) {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(Json.write(Json.object().put("faultstring", faultstring)));
        }
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            default -> "Internal Server Error";
        };
    }
}
