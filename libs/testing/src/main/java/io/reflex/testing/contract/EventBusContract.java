package io.reflex.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.health.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link io.reflex.core.bus.EventBus} must show, run against the in-memory fake and
 * every real adapter: a subclass provides {@link #newBus()} (and {@link #deliveryLimit()} when its buses do
 * not use 5). Work queues and topics are tested here, logs in {@link EventBusLogContract}.
 */
public abstract class EventBusContract extends EventBusLogContract {

    @Test
    void aPublishedMessageIsConsumedWithItsIdBodyAndFirstDeliveryCount() throws Exception {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "id-1", new Note("hello", 1));
        BlockingQueue<Delivery<Note>> got = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue, 4, got::add));
        Delivery<Note> d = take(got, 1).getFirst();
        assertThat(d.body()).isEqualTo(new Note("hello", 1));
        assertThat(d.messageId()).isEqualTo("id-1");
        assertThat(d.deliveryCount()).isEqualTo(1);
    }

    @Test
    void eachMessageGoesToExactlyOneOfTwoCompetingConsumers() throws Exception {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Note> queue = newQueue();
        for (int i = 0; i < 20; i++) {
            bus.publish(queue, "m-" + i, new Note("m", i));
        }
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        Set<String> consumers = ConcurrentHashMap.newKeySet();
        CountDownLatch bothBusy = new CountDownLatch(2);
        for (String name : List.of("a", "b")) {
            closeLater(bus.consume(queue, 1, d -> {
                // Each consumer holds its first message until the other got one: proves both compete.
                if (consumers.add(name)) {
                    bothBusy.countDown();
                    bothBusy.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                }
                got.add(d.messageId());
            }));
        }
        List<String> ids = take(got, 20);
        assertThat(ids).doesNotHaveDuplicates().hasSize(20);
        assertThat(consumers).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aMessageWhoseHandlerThrowsComesBackWithAHigherDeliveryCount() throws Exception {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "retry-me", new Note("x", 1));
        BlockingQueue<Delivery<Note>> got = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue, 1, d -> {
            got.add(d);
            if (d.deliveryCount() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }));
        List<Delivery<Note>> deliveries = take(got, 2);
        assertThat(deliveries).extracting(Delivery::messageId).containsOnly("retry-me");
        assertThat(deliveries.get(1).deliveryCount()).isGreaterThan(1);
        assertThat(deliveries.get(1).redelivered()).isTrue();
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredAfterTheDeliveryLimit() throws Exception {
        assumeSupported(Feature.DEAD_LETTERS);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "doomed", new Note("x", 1));
        List<Integer> counts = new ArrayList<>();
        closeLater(bus.consume(queue, 1, d -> {
            synchronized (counts) {
                counts.add(d.deliveryCount());
            }
            throw new IllegalStateException("always fails");
        }));
        BlockingQueue<Delivery<Note>> dead = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue.deadLetters(), 1, dead::add));
        Delivery<Note> d = take(dead, 1).getFirst();
        assertThat(d.messageId()).isEqualTo("doomed");
        assertThat(d.body()).isEqualTo(new Note("x", 1));
        synchronized (counts) {
            assertThat(counts).hasSize(deliveryLimit()).isSorted();
        }
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnce() throws Exception {
        assumeSupported(Feature.DEAD_LETTERS);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "poison", new Note("x", 1));
        AtomicInteger attempts = new AtomicInteger();
        closeLater(bus.consume(queue, 1, d -> {
            attempts.incrementAndGet();
            throw new PoisonMessageException("can never work");
        }));
        BlockingQueue<Delivery<Note>> dead = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue.deadLetters(), 1, dead::add));
        assertThat(take(dead, 1).getFirst().messageId()).isEqualTo("poison");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anUndecodableMessageIsDeadLetteredWithoutReachingTheHandler() throws Exception {
        assumeSupported(Feature.DEAD_LETTERS);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "wrong-shape", new Note("not a number", 1));
        AtomicInteger handled = new AtomicInteger();
        closeLater(bus.consume(new WorkQueue<>(queue.name(), Numbered.class), 1, d -> handled.incrementAndGet()));
        BlockingQueue<Delivery<Note>> dead = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue.deadLetters(), 1, dead::add));
        Delivery<Note> d = take(dead, 1).getFirst();
        assertThat(d.body()).isEqualTo(new Note("not a number", 1));
        assertThat(handled).hasValue(0);
    }

    @Test
    void prefetchBoundsHowManyHandlersRunAtOnce() throws Exception {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Note> queue = newQueue();
        for (int i = 0; i < 12; i++) {
            bus.publish(queue, "p-" + i, new Note("p", i));
        }
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> done = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue, 3, d -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            inFlight.decrementAndGet();
            done.add(d.messageId());
        }));
        // With every handler blocked, a bus that ignores the bound starts a fourth within the hold period.
        await().atMost(PATIENCE).during(Duration.ofMillis(300)).until(() -> inFlight.get() == 3);
        release.countDown();
        take(done, 12);
        assertThat(max).hasValue(3);
    }

    @Test
    void closingASubscriptionWaitsForItsHandlerAndStopsDeliveries() throws Exception {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "first", new Note("a", 1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> closedGot = new CopyOnWriteArrayList<>();
        Subscription s = bus.consume(queue, 1, d -> {
            closedGot.add(d.messageId());
            started.countDown();
            release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        });
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Thread closer = Thread.ofVirtual().start(s::close);
        // A correct bus never passes this join: close() must wait for the blocked handler.
        assertThat(closer.join(Duration.ofMillis(200)))
                .as("close returned before its handler")
                .isFalse();
        release.countDown();
        closer.join();
        bus.publish(queue, "second", new Note("b", 2));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        closeLater(bus.consume(queue, 1, d -> got.add(d.messageId())));
        assertThat(take(got, 1))
                .as("the first message was acknowledged on close")
                .containsExactly("second");
        assertThat(closedGot).containsExactly("first");
    }

    @Test
    void aMessageThatCannotBeWrittenAsJsonIsRefusedAtPublish() {
        assumeSupported(Feature.WORK_QUEUES);
        WorkQueue<Unwritable> queue = new WorkQueue<>(newQueue().name(), Unwritable.class);
        assertThatThrownBy(() -> bus.publish(queue, "bad", new Unwritable("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBroadcastReachesEveryMatchingSubscriberAndNoOther() throws Exception {
        assumeSupported(Feature.TOPICS);
        Topic<Note> topic = newTopic();
        BlockingQueue<String> one = subscribeKeys(topic, "a.*");
        BlockingQueue<String> many = subscribeKeys(topic, "a.#");
        BlockingQueue<String> other = subscribeKeys(topic, "b.*");
        for (String key : List.of("a.x", "a.x.y", "b.z", "c", "a.end", "b.end")) {
            bus.broadcast(topic, key, new Note(key, 0));
        }
        assertThat(take(one, 2)).containsExactly("a.x", "a.end");
        assertThat(take(many, 3)).containsExactly("a.x", "a.x.y", "a.end");
        assertThat(take(other, 2)).containsExactly("b.z", "b.end");
        assertThat(one).isEmpty();
        assertThat(many).isEmpty();
        assertThat(other).isEmpty();
    }

    @Test
    void aSubscriberSeesOnlyMessagesBroadcastAfterItSubscribed() throws Exception {
        assumeSupported(Feature.TOPICS);
        Topic<Note> topic = newTopic();
        bus.broadcast(topic, "k", new Note("before", 1));
        BlockingQueue<String> got = subscribeKeys(topic, "#");
        bus.broadcast(topic, "k2", new Note("after", 2));
        // Per-subscriber order is kept, so a delivered "before" would have come first.
        assertThat(take(got, 1)).containsExactly("k2");
    }

    @Test
    void aClosedTopicSubscriptionReceivesNothingMore() throws Exception {
        assumeSupported(Feature.TOPICS);
        Topic<Note> topic = newTopic();
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        Subscription s = bus.subscribe(topic, "#", d -> closed.add(d.routingKey()));
        bus.broadcast(topic, "one", new Note("1", 1));
        take(closed, 1);
        s.close();
        BlockingQueue<String> open = subscribeKeys(topic, "#");
        bus.broadcast(topic, "two", new Note("2", 2));
        assertThat(take(open, 1)).containsExactly("two");
        assertThat(closed).isEmpty();
    }

    @Test
    void aBroadcastDeliversTheBodyToTheSubscriber() throws Exception {
        assumeSupported(Feature.TOPICS);
        Topic<Note> topic = newTopic();
        BlockingQueue<Delivery<Note>> got = new LinkedBlockingQueue<>();
        closeLater(bus.subscribe(topic, "x.*", got::add));
        bus.broadcast(topic, "x.y", new Note("body", 7));
        Delivery<Note> d = take(got, 1).getFirst();
        assertThat(d.body()).isEqualTo(new Note("body", 7));
        assertThat(d.routingKey()).isEqualTo("x.y");
        assertThat(d.messageId()).isNotBlank();
    }

    @Test
    void healthIsUpWhileConnected() {
        HealthStatus status = bus.health().check();
        assertThat(status.up()).as(status.detail()).isTrue();
        assertThat(bus.health().name()).isEqualTo("bus");
    }

    private BlockingQueue<String> subscribeKeys(Topic<Note> topic, String pattern) {
        BlockingQueue<String> keys = new LinkedBlockingQueue<>();
        closeLater(bus.subscribe(topic, pattern, d -> keys.add(d.routingKey())));
        return keys;
    }
}
