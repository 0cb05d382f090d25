package io.reflex.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** Every response carries {@code X-Request-ID}: the client's (if sane) or a new UUID. */
public final class RequestIds implements Handler<RoutingContext> {
    public static final String HEADER = "X-Request-ID";
    private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    @Override
    public void handle(RoutingContext ctx) {
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        ctx.put(HEADER, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }
}
