package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.api.ApiService;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.rulesengine.RulesEngineService;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service whose RabbitMQ goes away reports it, and recovers without a restart when it is back; a webhook
 * sent while the broker is away is refused with 503 and {@code Retry-After} (nothing is accepted that could
 * be lost), and accepted again as soon as the publishing connection is back.
 */
class BrokerOutageTest {
    @TempDir
    Path dataDir;

    private static String viaProxy(URI rabbit, FaultProxy proxy) {
        return rabbit.getScheme() + "://" + rabbit.getRawUserInfo() + "@127.0.0.1:" + proxy.port()
                + (rabbit.getRawPath() == null ? "" : rabbit.getRawPath());
    }

    @Test
    void healthGoesRedWhenTheBrokerIsLostAndGreenWhenItReturns() throws Exception {
        URI rabbit = URI.create(ExternalBackend.AMQP.require());
        try (FaultProxy proxy = new FaultProxy(rabbit.getHost(), rabbit.getPort() == -1 ? 5672 : rabbit.getPort())) {
            Config config = ReflexUpTest.embeddedConfig(dataDir)
                    .with(ConfigKeys.BUS_URI, URI.create(viaProxy(rabbit, proxy)), "test");
            try (var running = ServiceRunner.start(List.of(new RulesEngineService()), config)) {
                String health = running.endpoints().get(0).url() + "/healthz";
                assertThat(Http.get(health).status()).isEqualTo(200);

                proxy.cut();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Http.Reply r = Http.get(health);
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.body()
                                    .getJsonObject("checks")
                                    .getJsonObject("bus")
                                    .getString("status"))
                            .isEqualTo("down");
                });

                proxy.restore();
                await().atMost(Duration.ofSeconds(90))
                        .untilAsserted(
                                () -> assertThat(Http.get(health).status()).isEqualTo(200));
            }
        }
    }

    @Test
    void aWebhookSentWhileTheBrokerIsAwayGets503WithRetryAfterAndIsAcceptedOnceItIsBack() throws Exception {
        URI rabbit = URI.create(ExternalBackend.AMQP.require());
        try (FaultProxy proxy = new FaultProxy(rabbit.getHost(), rabbit.getPort() == -1 ? 5672 : rabbit.getPort())) {
            Config config = ReflexUpTest.embeddedConfig(dataDir)
                    .with(ConfigKeys.BUS_URI, URI.create(viaProxy(rabbit, proxy)), "test");
            try (var running = ServiceRunner.start(List.of(new ApiService()), config);
                    StateStore store = StoreAccess.open(running.config())) {
                String token = UUID.randomUUID().toString().replace("-", "");
                store.store(Kinds.TOKEN)
                        .insert(new Token(
                                Ids.newId(),
                                "st2admin",
                                token,
                                Timestamps.now().plus(Duration.ofHours(1)),
                                null,
                                false));
                String url = running.endpoints().get(0).url() + "/api/v1/webhooks/st2";
                String body = "{\"trigger\": \"core.st2.sensor.process_spawn\", \"payload\": {\"object\": \"x\"}}";
                assertThat(post(url, token, body).statusCode()).isEqualTo(202);

                proxy.cut();
                HttpResponse<String> refused = await().atMost(Duration.ofSeconds(60))
                        .until(() -> post(url, token, body), r -> r.statusCode() == 503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(refused.body()).contains("faultstring");

                proxy.restore();
                long restored = System.nanoTime();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> post(url, token, body).statusCode() == 202);
                System.out.printf(
                        "webhooks accepted again %d ms after the broker came back%n",
                        (System.nanoTime() - restored) / 1_000_000);
            }
        }
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("X-Auth-Token", token)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
