package io.reflex.runtime.health;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.runtime.service.ReflexVersion;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthz}: runs every dependency check (on a worker thread; checks may block briefly) and
 * answers 200 when all are up, 503 otherwise, with one entry per dependency:
 * {@code {"service":"api","version":"0.1.0","status":"ok","checks":{"store":{"status":"up","detail":"…"},…}}}.
 */
public final class HealthEndpoint implements Handler<RoutingContext> {
    private final String service;
    private final List<HealthCheck> checks;
    private final Vertx vertx;

    public HealthEndpoint(Vertx vertx, String service, List<HealthCheck> checks) {
        this.vertx = vertx;
        this.service = service;
        this.checks = List.copyOf(checks);
    }

    /** Runs the checks now, on the calling thread. */
    public Report report() {
        Map<String, HealthStatus> results = new LinkedHashMap<>();
        for (HealthCheck c : checks) {
            results.put(c.name(), c.check());
        }
        return new Report(service, results);
    }

    @Override
    public void handle(RoutingContext ctx) {
        vertx.executeBlocking(this::report, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response()
                        .setStatusCode(503)
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("faultstring", "health check failed: " + ar.cause())
                                .encode());
                return;
            }
            Report r = ar.result();
            ctx.response()
                    .setStatusCode(r.healthy() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache")
                    .end(r.toJson().encodePrettily());
        });
    }

    /** The outcome of one round of checks. */
    public record Report(String service, Map<String, HealthStatus> results) {
        public boolean healthy() {
            return results.values().stream().allMatch(HealthStatus::up);
        }

        public JsonObject toJson() {
            JsonObject deps = new JsonObject();
            results.forEach((name, s) -> deps.put(
                    name, new JsonObject().put("status", s.up() ? "up" : "down").put("detail", s.detail())));
            return new JsonObject()
                    .put("service", service)
                    .put("version", ReflexVersion.release())
                    .put("status", healthy() ? "ok" : "down")
                    .put("checks", deps);
        }
    }
}
