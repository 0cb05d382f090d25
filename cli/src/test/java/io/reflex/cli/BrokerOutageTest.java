package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.rulesengine.RulesEngineService;
import io.reflex.runtime.config.Config;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service whose RabbitMQ goes away reports it, and recovers without a restart when it is back. */
class BrokerOutageTest {
    @TempDir
    Path dataDir;

    @Test
    void healthGoesRedWhenTheBrokerIsLostAndGreenWhenItReturns() throws Exception {
        URI rabbit = URI.create(ExternalBackend.AMQP.require());
        try (FaultProxy proxy = new FaultProxy(rabbit.getHost(), rabbit.getPort() == -1 ? 5672 : rabbit.getPort())) {
            String viaProxy = rabbit.getScheme() + "://" + rabbit.getRawUserInfo() + "@127.0.0.1:" + proxy.port()
                    + (rabbit.getRawPath() == null ? "" : rabbit.getRawPath());
            Config config = ReflexUpTest.embeddedConfig(dataDir)
                    .with(io.reflex.runtime.config.ConfigKeys.BUS_URI, URI.create(viaProxy), "test");
            try (var running =
                    io.reflex.runtime.service.ServiceRunner.start(List.of(new RulesEngineService()), config)) {
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
}
