package io.reflex.rulesengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.Subscription;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriggerInstanceConsumerTest {
    final Fixture f = new Fixture();
    final TriggerInstanceProcessor.Consumer consumer = f.processor.consumer(f.bus, 4);
    final List<Delivery<TriggerDispatch>> deadLetters = new CopyOnWriteArrayList<>();
    final Subscription dlq = f.bus.consume(Channels.TRIGGER_INSTANCES.deadLetters(), 4, deadLetters::add);

    @AfterEach
    void close() {
        consumer.close();
        dlq.close();
        f.close();
    }

    private void publish(TriggerDispatch d) {
        f.bus.publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
    }

    @Test
    void aPublishedDispatchBecomesAProcessedInstanceAndARequestedExecution() {
        f.rule("any", "{}", "{'cmd': 'true'}");
        consumer.start();
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");

        publish(d);

        await().untilAsserted(() -> assertThat(
                        f.store.store(Kinds.TRIGGER_INSTANCE).get(d.triggerInstanceId()))
                .hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TriggerInstance.Status.PROCESSED)));
        assertThat(f.store.executions().find(Query.all())).hasSize(1);
        await().untilAsserted(() -> assertThat(f.requested).hasSize(1));
    }

    @Test
    void aDispatchThatCanNeverBeAnInstanceGoesToTheDeadLetterQueueAtOnce() {
        consumer.start();
        TriggerDispatch blank = new TriggerDispatch("0123456789abcdef01234567", " ", null, Instant.now(), "");

        publish(blank);

        await().untilAsserted(() -> assertThat(deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.body().triggerInstanceId()).isEqualTo(blank.triggerInstanceId())));
        assertThat(f.store.store(Kinds.TRIGGER_INSTANCE).find(Query.all())).isEmpty();
    }

    @Test
    void anIdAlreadyUsedByAnotherTriggerIsPoison() {
        consumer.start();
        TriggerDispatch first = Fixture.dispatch(Fixture.TRIGGER, "{}");
        publish(first);
        await().until(() -> f.store
                .store(Kinds.TRIGGER_INSTANCE)
                .get(first.triggerInstanceId())
                .isPresent());

        publish(new TriggerDispatch(first.triggerInstanceId(), "examples.other", null, Instant.now(), ""));

        await().untilAsserted(() -> assertThat(deadLetters).hasSize(1));
    }

    @Test
    void aStoreOutageIsWaitedOutWithoutBurningTheDeliveryLimit() throws Exception {
        f.rule("any", "{}", "{'cmd': 'true'}");
        consumer.start();
        f.store.setAvailable(false);
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");

        publish(d);
        // The outage lasts far longer than the fake bus needs to dead-letter a failing message (5 x 20 ms).
        Thread.sleep(700);
        f.store.setAvailable(true);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(
                                f.store.store(Kinds.TRIGGER_INSTANCE).get(d.triggerInstanceId()))
                        .hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(TriggerInstance.Status.PROCESSED)));
        assertThat(f.store.executions().find(Query.all())).hasSize(1);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aConsumerClosedDuringAnOutageLeavesTheDispatchForTheNextOne() throws Exception {
        f.rule("any", "{}", "{'cmd': 'true'}");
        consumer.start();
        f.store.setAvailable(false);
        TriggerDispatch d = Fixture.dispatch(Fixture.TRIGGER, "{'a': 1}");
        publish(d);
        Thread.sleep(300);

        consumer.close();
        f.store.setAvailable(true);
        TriggerInstanceProcessor.Consumer next = f.processor.consumer(f.bus, 4);
        next.start();
        try {
            await().untilAsserted(() ->
                    assertThat(f.store.executions().find(Query.all())).hasSize(1));
        } finally {
            next.close();
        }
        assertThat(deadLetters).isEmpty();
    }
}
