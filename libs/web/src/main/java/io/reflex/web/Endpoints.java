package io.reflex.web;

import io.reflex.core.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Adapts endpoint functions to Vert.x handlers. Endpoints block (they call the store), so each request runs
 * on its own virtual thread, never on an event loop. A returned {@link Reply} is written as is; any other
 * value is a 200 with that value as JSON; an exception goes to the router's failure handler. A write's body
 * is checked against the {@link BodyTypes} the endpoint takes (415) before the endpoint runs.
 */
public final class Endpoints {
    /** The function behind one route. */
    @FunctionalInterface
    public interface Endpoint {
        Object handle(Call call) throws Exception;
    }

    private Endpoints() {}

    /** An endpoint whose writes take JSON bodies only. */
    public static Handler<RoutingContext> of(Endpoint endpoint) {
        return of(BodyTypes.JSON, endpoint);
    }

    /** An endpoint whose writes take bodies of {@code accepted} types. */
    public static Handler<RoutingContext> of(BodyTypes accepted, Endpoint endpoint) {
        return ctx -> {
            Context loop = Vertx.currentContext();
            Workers.execute(ctx, () -> {
                try {
                    accepted.check(ctx);
                    Object result = endpoint.handle(new Call(ctx));
                    Reply reply = result instanceof Reply r ? r : Reply.ok(result);
                    loop.runOnContext(v -> write(ctx, reply));
                } catch (Throwable t) {
                    loop.runOnContext(v -> ctx.fail(t));
                }
            });
        };
    }

    public static void write(RoutingContext ctx, Reply reply) {
        HttpServerResponse res = ctx.response();
        if (res.ended()) {
            return;
        }
        res.setStatusCode(reply.status());
        reply.headers().forEach(res::putHeader);
        if (reply.body() == null) {
            res.end();
            return;
        }
        res.putHeader("Content-Type", reply.contentType());
        if (reply.body() instanceof String s && !reply.contentType().startsWith("application/json")) {
            res.end(s);
        } else if (reply.body() instanceof byte[] bytes) {
            res.end(Buffer.buffer(bytes));
        } else {
            res.end(Buffer.buffer(Json.writeBytes(reply.body())));
        }
    }
}
