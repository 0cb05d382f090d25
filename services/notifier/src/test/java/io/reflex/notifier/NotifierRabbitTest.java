package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.store.Ids;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultyEventBus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier service on a real RabbitMQ (quorum queues, publisher confirms), store and coordinator
 * embedded. The broker's queues are shared with whatever else uses it, so the test only keeps the trigger
 * dispatches it expects and puts every other one back on the queue.
 */
class NotifierRabbitTest {
    @TempDir
    Path dataDir;

    @Test
    void abandonedExecutionIsRetriedAndFiresItsTriggersThroughRabbitMq() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        var flags = Map.of(
                "data_dir",
                dataDir.toString(),
                "bus.uri",
                amqp,
                "notifier.port",
                "0",
                "notifier.reap_interval",
                "200ms");
        try (ServiceRunner.Running running =
                        ServiceRunner.start(List.of(new NotifierService()), ConfigLoader.load(null, Map.of(), flags));
                Backends backends = Backends.open(running.config(), "notifier-rabbit-test");
                NotifierFixture fx = new NotifierFixture(backends.store(), backends.bus())) {
            fx.notifyOn(NotifierFixture.ACTION, "{'on-complete': {'routes': ['slack']}}");
            fx.retryPolicy("retry_abandoned", "{'retry_on': 'abandoned', 'max_retry_count': 1}");
            String id = fx.launch("{'target': 'web1'}").id();
            Set<String> expected =
                    Set.of(Ids.derived("actiontrigger", id), Ids.derived("notify", id, "on-complete", "slack"));
            Map<String, TriggerDispatch> seen = new ConcurrentHashMap<>();
            try (Subscription ignored = backends.bus().consume(Channels.TRIGGER_INSTANCES, 4, d -> {
                if (expected.contains(d.messageId())) {
                    seen.put(d.messageId(), d.body());
                } else {
                    backends.bus().publish(Channels.TRIGGER_INSTANCES, d.messageId(), d.body());
                }
            })) {
                fx.run(id, Timestamps.now().minusSeconds(1));

                await().atMost(Duration.ofSeconds(30)).until(() -> seen.keySet().equals(expected));
            }
            assertThat(backends.store().executions().get(id).orElseThrow().status())
                    .isEqualTo(ExecutionStatus.ABANDONED);
            assertThat(backends.store().executions().get(Ids.derived("retry", id, "1")))
                    .isPresent();
            assertThat(seen.get(Ids.derived("actiontrigger", id))
                            .payload()
                            .get("status")
                            .asText())
                    .isEqualTo("abandoned");
        }
    }

    @Test
    void aCompletionPublishCutOnTheWayToRabbitMqIsSweptAndHandledOnce() throws Exception {
        String amqp = ExternalBackend.AMQP.require();
        var flags = Map.of(
                "data_dir",
                dataDir.toString(),
                "bus.uri",
                amqp,
                "notifier.port",
                "0",
                "notifier.outbox_interval",
                "200ms",
                "notifier.outbox_after",
                "1s");
        try (ServiceRunner.Running running =
                        ServiceRunner.start(List.of(new NotifierService()), ConfigLoader.load(null, Map.of(), flags));
                Backends backends = Backends.open(running.config(), "notifier-rabbit-outbox-test")) {
            FaultyEventBus bus = new FaultyEventBus(backends.bus());
            NotifierFixture fx = new NotifierFixture(backends.store(), bus);
            String id = fx.launch("{'target': 'web2'}").id();
            String expected = Ids.derived("actiontrigger", id);
            Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
            try (Subscription ignored = backends.bus().consume(Channels.TRIGGER_INSTANCES, 4, d -> {
                if (expected.equals(d.messageId())) {
                    seen.computeIfAbsent(d.messageId(), k -> new AtomicInteger())
                            .incrementAndGet();
                } else {
                    backends.bus().publish(Channels.TRIGGER_INSTANCES, d.messageId(), d.body());
                }
            })) {
                bus.cutPublishes(Channels.EXECUTIONS_COMPLETED, 1);
                fx.finish(id, ExecutionStatus.SUCCEEDED, "{'stdout': 'ok'}");
                assertThat(bus.publishesCut(Channels.EXECUTIONS_COMPLETED)).isEqualTo(1);

                await().atMost(Duration.ofSeconds(30)).until(() -> seen.containsKey(expected));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> backends.store()
                                .executions()
                                .get(id)
                                .orElseThrow()
                                .outbox()
                                .isEmpty());
                Thread.sleep(2_000); // several more sweeps: nothing is announced again
            }
            assertThat(seen.get(expected).get())
                    .as("the action trigger fired once")
                    .isEqualTo(1);
        }
    }
}
