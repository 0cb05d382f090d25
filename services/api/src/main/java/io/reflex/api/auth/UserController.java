package io.reflex.api.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /user}: who the caller is, how they authenticated and what RBAC makes of them, in StackStorm's
 * shape ({@code authentication.method} is {@code authentication token} or {@code API key}).
 */
final class UserController implements Controller {
    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final ApiContext api;

    UserController(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/user").handler(Endpoints.of(this::get));
    }

    private Object get(Call call) {
        Principal p = call.principal();
        ObjectNode out = Json.object().put("username", p.user());
        ObjectNode auth = out.putObject("authentication")
                .put("method", method(p.method()))
                .put("location", p.location());
        if (p.tokenExpiry() != null) {
            auth.put("token_expire", EXPIRY.format(p.tokenExpiry()));
        }
        ObjectNode rbac = out.putObject("rbac").put("enabled", api.authorizer().enabled());
        var roles = rbac.putArray("roles");
        if (api.authorizer().enabled()) {
            api.authorizer().roles(p.user()).stream().sorted().forEach(roles::add);
        }
        rbac.put("is_admin", api.isAdmin(p));
        return out;
    }

    /** StackStorm's names for how a caller authenticated. */
    static String method(String method) {
        return switch (method) {
            case "token" -> "authentication token";
            case "api_key" -> "API key";
            default -> method;
        };
    }
}
