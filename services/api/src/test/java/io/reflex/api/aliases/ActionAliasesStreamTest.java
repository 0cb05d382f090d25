package io.reflex.api.aliases;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.api.content.ContentApiTestServers;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.testing.ExternalBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alias changes reach the shared event stream as {@code st2.actionalias__create|delete}. Needs a RabbitMQ
 * with streams (the embedded broker's log is private to its process), found as every integration test
 * finds one.
 */
class ActionAliasesStreamTest {
    @TempDir
    Path dir;

    @Test
    void aliasChangesAreAnnouncedOnTheEventStream() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        String name = "streamed_" + UUID.randomUUID().toString().replace("-", "");
        List<StreamEvent> seen = new CopyOnWriteArrayList<>();
        try (ApiTestServer api = ContentApiTestServers.start(dir, Map.of("bus.uri", amqp));
                RabbitEventBus bus = RabbitEventBus.connect(RabbitBusConfig.defaults(amqp));
                var sub = bus.log(Channels.EVENTS).read(LogPosition.next(), r -> seen.add(r.body()))) {
            String token = api.token("st2admin");
            ContentApiTestServers.packs(api, "chat");
            var created = api.post("/api/v1/actionalias", token, """
                    {"name": "%s", "pack": "default", "action_ref": "core.local", "formats": ["x {{y}}"]}""".formatted(name));
            assertThat(created.status()).isEqualTo(201);
            assertThat(api.delete("/api/v1/actionalias/default." + name, token).status())
                    .isEqualTo(204);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(seen)
                            .filteredOn(e -> e.data().path("name").asText().equals(name))
                            .extracting(StreamEvent::event)
                            .containsExactly("st2.actionalias__create", "st2.actionalias__delete"));
        }
    }
}
