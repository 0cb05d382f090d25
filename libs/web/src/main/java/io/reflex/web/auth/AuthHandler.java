package io.reflex.web.auth;

import io.reflex.web.ApiException;
import io.reflex.web.BodyTypes;
import io.reflex.web.Call;
import io.reflex.web.Workers;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Authenticates every request that reaches it and stores the {@link Principal} for endpoints; failures end
 * the request with 401. A token presented in a header or query parameter is also set as the
 * {@code auth-token} cookie (HttpOnly, SameSite=Lax), as StackStorm's web UI expects. A write (POST, PUT,
 * PATCH, DELETE) authenticated by that cookie must come from one of the {@link WriteOrigins} (403
 * otherwise), since a browser attaches the cookie to requests any page makes.
 */
public final class AuthHandler implements Handler<RoutingContext> {
    /** The cookie st2web's requests (and its EventSource) authenticate with. */
    public static final String COOKIE = "auth-token";

    private static final String TOKEN_LOCATION = "reflex.auth.token_location";
    private static final String KEY_LOCATION = "reflex.auth.key_location";
    private static final String TOKEN_FROM_COOKIE = "reflex.token.cookie";

    private final Authenticator authenticator;
    private final boolean secureCookie;
    private final WriteOrigins writeOrigins;

    public AuthHandler(Authenticator authenticator, boolean secureCookie, WriteOrigins writeOrigins) {
        this.authenticator = authenticator;
        this.secureCookie = secureCookie;
        this.writeOrigins = writeOrigins;
    }

    public static Authenticator.Credentials credentials(RoutingContext ctx) {
        var req = ctx.request();
        String tokenHeader = req.getHeader(CredentialHeaders.AUTH_TOKEN);
        Optional<String> token = first(tokenHeader, req.getParam("x-auth-token"));
        String tokenAt = present(tokenHeader) ? "header" : "query";
        boolean fromCookie = false;
        if (token.isEmpty()) {
            Cookie c = req.getCookie(COOKIE);
            token = c == null ? Optional.empty() : first(c.getValue());
            fromCookie = token.isPresent();
            tokenAt = "cookie";
        }
        String keyHeader = req.getHeader(CredentialHeaders.API_KEY);
        Optional<String> key = first(keyHeader, req.getParam("st2-api-key"));
        ctx.put(TOKEN_FROM_COOKIE, fromCookie);
        ctx.put(TOKEN_LOCATION, tokenAt);
        ctx.put(KEY_LOCATION, present(keyHeader) ? "header" : "query");
        return new Authenticator.Credentials(token, key);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Authenticator.Credentials creds = credentials(ctx);
        if (authenticator.enabled()
                && Boolean.TRUE.equals(ctx.get(TOKEN_FROM_COOKIE))
                && BodyTypes.isWrite(ctx.request().method())) {
            try {
                writeOrigins.check(ctx.request());
            } catch (ApiException refused) {
                ctx.fail(refused);
                return;
            }
        }
        io.vertx.core.Context loop = io.vertx.core.Vertx.currentContext();
        Workers.execute(ctx, () -> {
            try {
                Principal p = authenticator.authenticate(creds);
                String at = ctx.get("api_key".equals(p.method()) ? KEY_LOCATION : TOKEN_LOCATION);
                p = p.withLocation(at);
                ctx.put(Call.PRINCIPAL, p);
                if ("token".equals(p.method()) && !Boolean.TRUE.equals(ctx.get(TOKEN_FROM_COOKIE))) {
                    ctx.response().addCookie(tokenCookie(creds.token().orElseThrow(), secure(ctx, secureCookie), null));
                }
                loop.runOnContext(v -> ctx.next());
            } catch (Throwable t) {
                loop.runOnContext(v -> ctx.fail(t));
            }
        });
    }

    /**
     * The {@code auth-token} cookie as StackStorm sets it: HttpOnly, SameSite=Lax, path {@code /} (so the
     * api, auth and stream behind one origin all receive it).
     *
     * @param maxAge how long the browser keeps it (the token's lifetime), or null for a session cookie
     */
    public static Cookie tokenCookie(String token, boolean secure, Duration maxAge) {
        Cookie c = Cookie.cookie(COOKIE, token)
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(CookieSameSite.LAX)
                .setPath("/");
        if (maxAge != null) {
            c.setMaxAge(Math.max(0, maxAge.toSeconds()));
        }
        return c;
    }

    /**
     * Whether the cookie is marked Secure: when configured, or when the request came over HTTPS (directly, or
     * through a proxy that says so in {@code X-Forwarded-Proto}; a forged header can only make the cookie
     * stricter).
     */
    public static boolean secure(RoutingContext ctx, boolean configured) {
        String proto = ctx.request().getHeader("X-Forwarded-Proto");
        return configured
                || ctx.request().isSSL()
                || (proto != null && proto.trim().equalsIgnoreCase("https"));
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
