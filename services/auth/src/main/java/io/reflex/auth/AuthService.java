package io.reflex.auth;

import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.web.WebParts;
import io.reflex.web.auth.AuthHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The auth service (StackStorm's st2auth), assembled in one function: tokens for users of the htpasswd file
 * (or of a fronting proxy), token validation, the SSO endpoints as StackStorm answers them with SSO off, and
 * the administrator account on first start. Answers under {@code /auth/v1}, {@code /v1} and {@code /}.
 */
public final class AuthService implements Service {
    /** Environment variable with the administrator's first password (beside the config key's own variable). */
    public static final String ADMIN_PASSWORD_ENV = "REFLEX_ADMIN_PASSWORD";

    private final Map<String, String> env;
    private final PrintStream out;

    public AuthService() {
        this(System.getenv(), System.out);
    }

    /** @param env the environment to read {@link #ADMIN_PASSWORD_ENV} from; {@code out} shows a generated password */
    public AuthService(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components
        StandardParts.registration(ctx, lifecycle, backends);
        HtpasswdFile users = new HtpasswdFile(WebParts.htpasswdFile(config));
        AdminAccount.Outcome admin = AdminAccount.ensure(
                users,
                config.get(ConfigKeys.AUTH_ADMIN_USER),
                adminPassword(config),
                config.get(ConfigKeys.DATA_DIR),
                out);
        AuthSettings settings = new AuthSettings(
                config.get(ConfigKeys.AUTH_MODE).equals("proxy"),
                config.get(ConfigKeys.AUTH_PROXY_HEADER),
                ProxyTrust.parse(config.get(ConfigKeys.AUTH_PROXY_TRUSTED)),
                publicApiUrl(config),
                config.get(ConfigKeys.AUTH_ADMIN_USER),
                config.get(ConfigKeys.API_AUTH_COOKIE_SECURE));
        TokensController tokens = new TokensController(
                users,
                new TokenIssuer(backends.store(), Clock.systemUTC(), config.get(ConfigKeys.AUTH_TOKEN_TTL)),
                WebParts.authorizer(config),
                settings);
        AuthHandler authenticated = WebParts.authHandler(config, backends.store());
        // 3. http
        Router root = WebParts.root(ctx.vertx(), config);
        root.get("/healthz").handler(StandardParts.healthEndpoint(ctx, backends));
        mount(ctx.vertx(), root, tokens, authenticated);
        String mode = settings.proxyMode() ? "proxy" : "htpasswd " + users.path();
        StandardParts.http(
                ctx, lifecycle, root, "auth API (/auth/v1, " + mode + "); health: /healthz" + admin.announcement());
    }

    /** StackStorm's URL space: {@code /auth/v1/...}, also {@code /v1/...} and {@code /...} (nginx strips /auth). */
    static void mount(Vertx vertx, Router root, TokensController tokens, AuthHandler authenticated) {
        Router v1 = Router.router(vertx);
        tokens.mount(v1, authenticated);
        SsoController.mount(v1);
        root.route("/auth/v1/*").subRouter(v1);
        root.route("/v1/*").subRouter(v1);
        root.route("/*").subRouter(v1);
    }

    private Optional<String> adminPassword(Config config) {
        String configured = config.get(ConfigKeys.AUTH_ADMIN_PASSWORD);
        if (!configured.isBlank()) {
            return Optional.of(configured);
        }
        return Optional.ofNullable(env.get(ADMIN_PASSWORD_ENV)).filter(s -> !s.isBlank());
    }

    /** {@code api.public_url}, else the api's own address, as StackStorm's {@code X-API-URL}. */
    static String publicApiUrl(Config config) {
        return WebParts.publicApiUrl(config);
    }
}
