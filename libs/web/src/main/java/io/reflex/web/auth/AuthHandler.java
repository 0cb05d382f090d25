package io.reflex.web.auth;

import io.reflex.web.Call;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Authenticates every request that reaches it and stores the {@link Principal} for endpoints; failures end
 * the request with 401. A token presented in a header or query parameter is also set as the
 * {@code auth-token} cookie (HttpOnly, SameSite=Lax), as StackStorm's web UI expects.
 */
public final class AuthHandler implements Handler<RoutingContext> {
    private static final ExecutorService THREADS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("auth-", 0).factory());

    private static final String TOKEN_LOCATION = "reflex.auth.token_location";
    private static final String KEY_LOCATION = "reflex.auth.key_location";

    private final Authenticator authenticator;
    private final boolean secureCookie;

    public AuthHandler(Authenticator authenticator, boolean secureCookie) {
        this.authenticator = authenticator;
        this.secureCookie = secureCookie;
    }

    public static Authenticator.Credentials credentials(RoutingContext ctx) {
        var req = ctx.request();
        Optional<String> token = first(req.getHeader("X-Auth-Token"), req.getParam("x-auth-token"));
        String tokenAt = present(req.getHeader("X-Auth-Token")) ? "header" : "query";
        boolean fromCookie = false;
        if (token.isEmpty()) {
            Cookie c = req.getCookie("auth-token");
            token = c == null ? Optional.empty() : first(c.getValue());
            fromCookie = token.isPresent();
            tokenAt = "cookie";
        }
        Optional<String> key = first(req.getHeader("St2-Api-Key"), req.getParam("st2-api-key"));
        ctx.put("reflex.token.cookie", fromCookie);
        ctx.put(TOKEN_LOCATION, tokenAt);
        ctx.put(KEY_LOCATION, present(req.getHeader("St2-Api-Key")) ? "header" : "query");
        return new Authenticator.Credentials(token, key);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Authenticator.Credentials creds = credentials(ctx);
        io.vertx.core.Context loop = io.vertx.core.Vertx.currentContext();
        THREADS.execute(() -> {
            try {
                Principal p = authenticator.authenticate(creds);
                String at = ctx.get("api_key".equals(p.method()) ? KEY_LOCATION : TOKEN_LOCATION);
                p = p.withLocation(at);
                ctx.put(Call.PRINCIPAL, p);
                if ("token".equals(p.method()) && !Boolean.TRUE.equals(ctx.get("reflex.token.cookie"))) {
                    ctx.response()
                            .addCookie(Cookie.cookie("auth-token", creds.token().orElseThrow())
                                    .setHttpOnly(true)
                                    .setSecure(secureCookie)
                                    .setSameSite(CookieSameSite.LAX)
                                    .setPath("/"));
                }
                loop.runOnContext(v -> ctx.next());
            } catch (Throwable t) {
                loop.runOnContext(v -> ctx.fail(t));
            }
        });
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static Optional<String> first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }
}
