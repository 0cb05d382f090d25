package io.reflex.runtime.service;

import io.reflex.core.health.HealthCheck;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.health.HealthEndpoint;
import io.reflex.runtime.health.HttpListener;
import io.reflex.runtime.lifecycle.Component;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.web.Workers;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts every service has: its backends, its registry membership and its HTTP listener with /healthz. */
public final class StandardParts {
    private StandardParts() {}

    /** Step 1 of every assembly: open the backends (waiting for them up to {@code startup.timeout}). */
    public static Backends backends(ServiceContext ctx, Lifecycle lifecycle) {
        return lifecycle.pushOpen("backends", Backends.open(ctx.config(), ctx.name(), ctx.busLogs()));
    }

    /** Joins the service's coordinator group on start. */
    public static void registration(ServiceContext ctx, Lifecycle lifecycle, Backends backends) {
        registration(ctx, lifecycle, backends, Map.of());
    }

    /** Joins the service's coordinator group on start, advertising {@code capabilities} besides the usual ones. */
    public static void registration(
            ServiceContext ctx, Lifecycle lifecycle, Backends backends, Map<String, String> capabilities) {
        lifecycle.push(
                "registry", new ServiceRegistration(backends.coordinator(), ctx.name(), ctx.memberId(), capabilities));
    }

    /** A router with {@code GET /healthz} reporting the service's backends. */
    public static Router routerWithHealth(ServiceContext ctx, Backends backends) {
        return routerWithHealth(ctx, backends, List.of());
    }

    /** A router with {@code GET /healthz} reporting the service's backends, then its own {@code checks}. */
    public static Router routerWithHealth(ServiceContext ctx, Backends backends, List<HealthCheck> checks) {
        Router router = Router.router(ctx.vertx());
        router.get("/healthz").handler(healthEndpoint(ctx, backends, checks));
        return router;
    }

    /** {@code /healthz} for the service's backends. */
    public static HealthEndpoint healthEndpoint(ServiceContext ctx, Backends backends) {
        return healthEndpoint(ctx, backends, List.of());
    }

    /** {@code /healthz} for the service's backends, then its own {@code checks}. */
    public static HealthEndpoint healthEndpoint(ServiceContext ctx, Backends backends, List<HealthCheck> checks) {
        List<HealthCheck> all = new ArrayList<>(backends.healthChecks());
        all.addAll(checks);
        return new HealthEndpoint(ctx.vertx(), ctx.name(), all);
    }

    /** Serves {@code router} on the service's host and port and announces it once listening. */
    public static void http(ServiceContext ctx, Lifecycle lifecycle, Router router, String description) {
        http(ctx, lifecycle, router, description, new HttpServerOptions());
    }

    /**
     * As {@link #http(ServiceContext, Lifecycle, Router, String)}, with server options (e.g. socket buffers).
     * The service's HTTP worker pool ({@link Workers}) belongs to this part: created before the listener
     * starts, shut down after it stops.
     */
    public static void http(
            ServiceContext ctx, Lifecycle lifecycle, Router router, String description, HttpServerOptions options) {
        Workers workers = new Workers(ctx.name() + "-http");
        router.route().order(Integer.MIN_VALUE).handler(workers.handler());
        HttpListener listener = new HttpListener(ctx.vertx(), ctx.host(), ctx.port(), router, options);
        lifecycle.push("http", new Component() {
            @Override
            public void start() throws Exception {
                workers.start();
                try {
                    listener.start();
                } catch (Exception e) {
                    workers.close();
                    throw portInUse(ctx, e).orElseThrow(() -> e);
                }
                ctx.endpoints().announce(ctx.name(), listener.url(), description);
            }

            @Override
            public void close() throws Exception {
                try {
                    listener.close();
                } finally {
                    workers.close();
                }
            }
        });
    }

    /**
     * The whole assembly of a service that, at this stage, only connects, registers and reports health:
     * backends, registry membership, HTTP with {@code /healthz}. Returns the backends for further parts.
     */
    public static Backends healthOnly(ServiceContext ctx, Lifecycle lifecycle) {
        Backends backends = backends(ctx, lifecycle);
        registration(ctx, lifecycle, backends);
        http(ctx, lifecycle, routerWithHealth(ctx, backends), "health: /healthz");
        return backends;
    }

    /** The operator's one-line version of a bind failure: which service, which address, which setting. */
    private static Optional<StartupException> portInUse(ServiceContext ctx, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String key = ConfigKeys.service(ctx.name()).port().name();
                return Optional.of(new StartupException(
                        ctx.name() + ": cannot listen on " + ctx.host() + ":" + ctx.port() + " (" + t.getMessage()
                                + "); free the port or choose another with --set " + key + "=<port>",
                        e));
            }
        }
        return Optional.empty();
    }
}
