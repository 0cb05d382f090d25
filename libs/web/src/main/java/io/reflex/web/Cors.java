package io.reflex.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * CORS from an exact allow-list of origins: a request's {@code Origin} is echoed only when it is on the
 * list (never {@code null}, never a wildcard, never a pattern). Preflight requests are answered here.
 */
public final class Cors implements Handler<RoutingContext> {
    static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Auth-Token, St2-Api-Key, X-Request-ID";
    static final String EXPOSED_HEADERS = "Content-Type, X-Limit, X-Total-Count, X-Request-ID";
    static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";

    private final Set<String> origins;

    public Cors(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        boolean allowed = origin != null && origins.contains(origin);
        if (allowed) {
            ctx.response()
                    .putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Vary", "Origin")
                    .putHeader("Access-Control-Allow-Credentials", "true")
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        if (ctx.request().method() == HttpMethod.OPTIONS
                && ctx.request().getHeader("Access-Control-Request-Method") != null) {
            if (allowed) {
                ctx.response()
                        .putHeader("Access-Control-Allow-Methods", METHODS)
                        .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                        .putHeader("Access-Control-Max-Age", "600");
            }
            ctx.response().setStatusCode(allowed ? 200 : 403).end();
            return;
        }
        ctx.next();
    }
}
