package io.reflex.auth;

import io.reflex.core.json.Json;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /sso}, {@code /sso/request}, {@code /sso/callback}: what StackStorm answers with SSO disabled and its
 * {@code noop} SSO backend (the web UI asks {@code GET /sso} to decide whether to show an SSO button).
 */
final class SsoController {
    static final String NOT_IMPLEMENTED = "The default \"noop\" SSO backend is not a proper implementation. "
            + "Please refer to the enterprise version for configuring SSO.";

    private SsoController() {}

    static void mount(Router v1) {
        v1.get("/sso").handler(Endpoints.of(call -> Map.of("enabled", false)));
        v1.get("/sso/request").handler(Endpoints.of(call -> notImplemented()));
        v1.post("/sso/callback").handler(Endpoints.of(call -> notImplemented()));
    }

    private static Reply notImplemented() {
        return Reply.of(500, Json.object().put("faultstring", NOT_IMPLEMENTED));
    }
}
