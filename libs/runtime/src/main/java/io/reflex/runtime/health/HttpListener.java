package io.reflex.runtime.health;

import io.reflex.runtime.lifecycle.Component;
import io.reflex.web.InvalidRequests;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x HTTP server serving a router on host:port (port 0: any free port), as a lifecycle component.
 * Requests refused by the HTTP decoder (URI or headers too long) get a faultstring body ({@link InvalidRequests}).
 */
public final class HttpListener implements Component {
    private final Vertx vertx;
    private final String host;
    private final int port;
    private final Router router;
    private final HttpServerOptions options;
    private HttpServer server;

    public HttpListener(Vertx vertx, String host, int port, Router router) {
        this(vertx, host, port, router, new HttpServerOptions());
    }

    /** As the plain constructor, with server options (socket buffers, timeouts...); host and port are set here. */
    public HttpListener(Vertx vertx, String host, int port, Router router, HttpServerOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.router = Objects.requireNonNull(router, "router");
        this.options = new HttpServerOptions(Objects.requireNonNull(options, "options"));
    }

    @Override
    public void start() throws Exception {
        HttpServerOptions bound = new HttpServerOptions(options).setHost(host).setPort(port);
        server = vertx.createHttpServer(bound)
                .requestHandler(router)
                .invalidRequestHandler(new InvalidRequests(bound))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** The bound port (the real one when configured as 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.actualPort();
    }

    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
    }
}
