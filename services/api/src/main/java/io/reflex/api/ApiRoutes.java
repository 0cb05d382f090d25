package io.reflex.api;

import io.reflex.api.web.Controller;
import io.reflex.web.Endpoints;
import io.reflex.web.auth.AuthHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;

/**
 * The API's URL space, StackStorm's: everything under {@code /api/v1}, also answered at {@code /v1} and
 * {@code /} (nginx strips {@code /api}). {@code GET /api/v1/} is public; every other route is
 * authenticated before its controller sees it.
 */
final class ApiRoutes {
    static final String VERSION = "3.9.0";

    private ApiRoutes() {}

    static void mount(Vertx vertx, Router root, AuthHandler authenticated, List<Controller> controllers) {
        Router v1 = Router.router(vertx);
        v1.get("/")
                .handler(Endpoints.of(call ->
                        Map.of("version", VERSION, "docs_url", "https://docs.stackstorm.com/", "reflex", true)));
        v1.route().handler(authenticated);
        for (Controller c : controllers) {
            c.mount(v1);
        }
        root.route("/api/v1/*").subRouter(v1);
        root.route("/v1/*").subRouter(v1);
        root.route("/*").subRouter(v1);
    }
}
