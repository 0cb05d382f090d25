package io.reflex.stream;

import io.reflex.web.auth.AuthHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The stream's URL space, StackStorm's: {@code /stream/v1/stream} and
 * {@code /stream/v1/executions/{id}/output}, also answered under {@code /v1} and {@code /} (nginx strips
 * {@code /stream}). Every route is authenticated first (token or API key in a header, a query parameter or
 * the cookie; EventSource clients use the query forms).
 */
final class StreamRoutes {
    private StreamRoutes() {}

    static void mount(Vertx vertx, Router root, AuthHandler auth, StreamEndpoints endpoints) {
        Router v1 = Router.router(vertx);
        v1.route().handler(auth);
        v1.get("/stream").handler(endpoints::events);
        v1.get("/executions/:id/output").handler(endpoints::output);
        root.route("/stream/v1/*").subRouter(v1);
        root.route("/v1/*").subRouter(v1);
        root.route("/*").subRouter(v1);
    }
}
