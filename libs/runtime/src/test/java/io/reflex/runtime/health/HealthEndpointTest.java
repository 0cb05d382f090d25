package io.reflex.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.runtime.service.ReflexVersion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void reports200WhenEveryDependencyIsUpAnd503NamingTheOneThatIsDown() throws Exception {
        AtomicBoolean busUp = new AtomicBoolean(true);
        List<HealthCheck> checks = List.of(
                HealthCheck.of("store", () -> HealthStatus.up("mongodb 7")),
                HealthCheck.of(
                        "bus",
                        () -> busUp.get() ? HealthStatus.up("rabbitmq") : HealthStatus.down("connection refused")),
                HealthCheck.of("coordinator", () -> {
                    throw new IllegalStateException("boom");
                }));
        Router router = Router.router(vertx);
        router.get("/healthz").handler(new HealthEndpoint(vertx, "api", checks.subList(0, 2)));
        router.get("/broken").handler(new HealthEndpoint(vertx, "api", checks));
        HttpListener listener = new HttpListener(vertx, "127.0.0.1", 0, router);
        listener.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = get(http, listener.url() + "/healthz");
            assertThat(ok.statusCode()).isEqualTo(200);
            JsonObject body = new JsonObject(ok.body());
            assertThat(body.getString("status")).isEqualTo("ok");
            assertThat(body.getString("version")).isEqualTo(ReflexVersion.release());
            assertThat(body.getJsonObject("checks").getJsonObject("store").getString("detail"))
                    .isEqualTo("mongodb 7");

            busUp.set(false);
            HttpResponse<String> down = get(http, listener.url() + "/healthz");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonObject bus = new JsonObject(down.body()).getJsonObject("checks").getJsonObject("bus");
            assertThat(bus.getString("status")).isEqualTo("down");
            assertThat(bus.getString("detail")).isEqualTo("connection refused");

            HttpResponse<String> throwing = get(http, listener.url() + "/broken");
            assertThat(throwing.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(throwing.body())
                            .getJsonObject("checks")
                            .getJsonObject("coordinator")
                            .getString("detail"))
                    .isEqualTo("IllegalStateException: boom");
        } finally {
            listener.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
