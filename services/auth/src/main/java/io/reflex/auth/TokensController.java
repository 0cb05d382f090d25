package io.reflex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.rbac.Authorizer;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.reflex.web.auth.AuthHandler;
import io.vertx.core.http.Cookie;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /tokens} and {@code POST /tokens/validate}, StackStorm's st2auth. Standalone mode checks
 * {@code Authorization: Basic} against the password backend (a new token is also set as the
 * {@code auth-token} cookie, as StackStorm's API sets it, for st2web); proxy mode believes the proxy header (or the
 * Basic user name) only from trusted addresses. Every refusal is 401 {@code Invalid or missing credentials},
 * whatever went wrong, so callers learn nothing about which user names exist.
 */
final class TokensController {
    static final String INVALID = "Invalid or missing credentials";

    private static final Logger log = LoggerFactory.getLogger(TokensController.class);

    private final PasswordBackend passwords;
    private final TokenIssuer issuer;
    private final Authorizer authorizer;
    private final AuthSettings settings;

    TokensController(PasswordBackend passwords, TokenIssuer issuer, Authorizer authorizer, AuthSettings settings) {
        this.passwords = passwords;
        this.issuer = issuer;
        this.authorizer = authorizer;
        this.settings = settings;
    }

    void mount(Router v1, AuthHandler authenticated) {
        v1.post("/tokens").handler(Endpoints.of(this::create));
        v1.post("/tokens/validate").handler(authenticated).handler(Endpoints.of(this::validate));
    }

    private Object create(Call call) {
        TokenRequest request = TokenRequest.parse(call.bodyObject());
        String user = settings.proxyMode() ? proxyUser(call) : passwordUser(call);
        String owner = tokenOwner(user, request.user());
        Token t = issuer.issue(owner, request.ttl());
        // The cookie lets a browser's EventSource (st2web's stream, which cannot send headers) authenticate
        // from the first page after login.
        Cookie cookie = AuthHandler.tokenCookie(
                t.token(),
                AuthHandler.secure(call.context(), settings.secureCookie()),
                Duration.between(Timestamps.now(), t.expiry()));
        return Reply.created(view(t))
                .withHeader("X-API-URL", settings.publicApiUrl())
                .withHeader("Set-Cookie", cookie.encode());
    }

    private Object validate(Call call) {
        JsonNode token = call.bodyObject().get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw ApiException.badRequest("Token is not provided.");
        }
        return Json.object().put("valid", issuer.valid(token.asText()));
    }

    private String passwordUser(Call call) {
        String[] basic = basic(call).orElseThrow(() -> refused(call, "missing or malformed Authorization header"));
        if (!passwords.authenticate(basic[0], basic[1])) {
            throw refused(call, "invalid credentials user=" + basic[0]);
        }
        return basic[0];
    }

    private String proxyUser(Call call) {
        SocketAddress remote = call.context().request().remoteAddress();
        if (remote == null || !settings.trusted().trusts(remote.hostAddress())) {
            throw refused(call, "proxy header from an untrusted address");
        }
        return call.header(settings.proxyHeader())
                .or(() -> basic(call).map(b -> b[0]))
                .orElseThrow(() -> refused(call, "proxy sent no user"));
    }

    /**
     * Tokens for someone else are for service accounts: administrators when RBAC is on, else only the
     * administrator account (StackStorm's noop RBAC would let anyone, which would make passwords moot).
     */
    private String tokenOwner(String user, String requested) {
        if (requested == null || requested.equals(user)) {
            return user;
        }
        boolean service = authorizer.enabled() ? authorizer.isAdmin(user) : user.equals(settings.adminUser());
        if (!service) {
            throw ApiException.badRequest("Current user is not a service and cannot request impersonated tokens");
        }
        log.info("token impersonation by={} for={}", user, requested);
        return requested;
    }

    /** {@code Authorization: Basic base64(user:password)} → {user, password}. */
    static Optional<String[]> basic(Call call) {
        Optional<String> header = call.header("Authorization");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = header.get().strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static ApiException refused(Call call, String why) {
        SocketAddress remote = call.context().request().remoteAddress();
        log.warn("token refused reason=\"{}\" remote={}", why, remote == null ? "" : remote.hostAddress());
        return new ApiException(401, INVALID);
    }

    /** StackStorm's {@code TokenAPI} as {@code POST /tokens} returns it. */
    static ObjectNode view(Token t) {
        ObjectNode o = Json.object()
                .put("user", t.user())
                .put("token", t.token())
                .put("expiry", Timestamps.format(t.expiry()))
                .put("id", t.id());
        o.set("metadata", t.metadata());
        return o;
    }
}
