package io.reflex.runtime.web;

import io.reflex.core.store.StateStore;
import io.reflex.rbac.Authorizer;
import io.reflex.rbac.RbacDefinitions;
import io.reflex.rbac.Role;
import io.reflex.rbac.RoleBasedAuthorizer;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ValueType;
import io.reflex.web.Cors;
import io.reflex.web.Failures;
import io.reflex.web.RequestIds;
import io.reflex.web.auth.AuthHandler;
import io.reflex.web.auth.Authenticator;
import io.reflex.web.auth.CredentialHeaders;
import io.reflex.web.auth.WriteOrigins;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The HTTP pieces the api, auth and stream services share, built from the configuration. */
public final class WebParts {
    private WebParts() {}

    public static Authenticator authenticator(Config config, StateStore store) {
        return new Authenticator(store, Clock.systemUTC(), config.get(ConfigKeys.AUTH_ENABLE));
    }

    /**
     * The authentication step of the api, auth and stream services: tokens, API keys and the
     * {@code auth-token} cookie, whose writes must come from {@link #writeOrigins}.
     */
    public static AuthHandler authHandler(Config config, StateStore store) {
        return new AuthHandler(
                authenticator(config, store), config.get(ConfigKeys.API_AUTH_COOKIE_SECURE), writeOrigins(config));
    }

    /** Where a cookie-authenticated write may come from: {@code api.allow_origin} and the API's public origin. */
    static WriteOrigins writeOrigins(Config config) {
        Set<String> origins = new HashSet<>(allowedOrigins(config));
        origins.add(publicApiUrl(config));
        return new WriteOrigins(origins);
    }

    /** {@code api.public_url}, else the api's own address {@code http://<api.host>:<api.port>}. */
    public static String publicApiUrl(Config config) {
        String configured = config.get(ConfigKeys.API_PUBLIC_URL);
        if (!configured.isBlank()) {
            return configured;
        }
        var api = ConfigKeys.service("api");
        return "http://" + config.get(api.host()) + ":" + config.get(api.port());
    }

    /** {@code api.webhook_strip_headers} added to the credential headers that webhook payloads never keep. */
    public static CredentialHeaders credentialHeaders(Config config) {
        return CredentialHeaders.withExtra(config.get(ConfigKeys.API_WEBHOOK_STRIP_HEADERS));
    }

    /** RBAC from {@code rbac.definitions_dir}; the admin account always holds {@code system_admin}. */
    public static Authorizer authorizer(Config config) {
        if (!config.get(ConfigKeys.RBAC_ENABLE)) {
            return Authorizer.DISABLED;
        }
        return new RoleBasedAuthorizer(
                RbacDefinitions.load(rbacDir(config)),
                Map.of(config.get(ConfigKeys.AUTH_ADMIN_USER), Set.of(Role.SYSTEM_ADMIN)));
    }

    public static Path rbacDir(Config config) {
        return dataPath(config, config.get(ConfigKeys.RBAC_DEFINITIONS_DIR), "rbac");
    }

    public static Path htpasswdFile(Config config) {
        return dataPath(config, config.get(ConfigKeys.AUTH_HTPASSWD_FILE), "htpasswd");
    }

    public static Path cryptoKeyFile(Config config) {
        return dataPath(config, config.get(ConfigKeys.KEYVALUE_ENCRYPTION_KEY_PATH), "keys/datastore_key.json");
    }

    /** {@code configured} as a path, or {@code <data_dir>/<fallback>} when empty. */
    static Path dataPath(Config config, String configured, String fallback) {
        return configured.isBlank()
                ? config.get(ConfigKeys.DATA_DIR).resolve(fallback)
                : new ValueType.FilePath().parse(configured);
    }

    public static Set<String> allowedOrigins(Config config) {
        Set<String> origins = Arrays.stream(
                        config.get(ConfigKeys.API_ALLOW_ORIGIN).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty() && !s.equals("*") && !s.equals("null"))
                .collect(Collectors.toCollection(HashSet::new));
        // A web UI the api serves (webui.static_dir) has the api's origin and calls auth and stream too.
        if (!config.get(ConfigKeys.WEBUI_STATIC_DIR).isBlank()) {
            origins.add(publicApiUrl(config));
        }
        return Set.copyOf(origins);
    }

    /**
     * A root router with the cross-cutting handlers every HTTP service has, in order: request id, CORS,
     * bounded body (413 above {@code api.max_body_bytes}), and the faultstring failure handler.
     */
    public static Router root(Vertx vertx, Config config) {
        Router root = Router.router(vertx);
        root.route().handler(new RequestIds());
        root.route().handler(new Cors(allowedOrigins(config)));
        root.route().handler(BodyHandler.create(false).setBodyLimit(config.get(ConfigKeys.API_MAX_BODY_BYTES)));
        Failures failures = new Failures();
        root.route().failureHandler(failures);
        root.errorHandler(404, ctx -> failures.handle(ctx, 404, "The requested resource could not be found."));
        root.errorHandler(405, ctx -> failures.handle(ctx, 405, "The method is not allowed for the requested URL."));
        return root;
    }
}
