package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.WorkQueue;
import io.reflex.testing.RabbitCluster;
import io.reflex.testing.contract.EventBusContract;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus contract on a three-node RabbitMQ cluster of the test's own, the bus connected to every node.
 * After a third of the contract's tests the node leading a canary quorum queue is SIGKILLed, the next third
 * runs on the two survivors, and the node is started again for the rest; one test kills the leader of the
 * queue it is consuming while messages are in flight and counts every message.
 */
class RabbitEventBusClusterTest extends EventBusContract {
    private static final Logger log = LoggerFactory.getLogger(RabbitEventBusClusterTest.class);
    private static final String CANARY = "reflex-cluster-canary-" + UUID.randomUUID();

    private static RabbitCluster cluster;
    private static int testCount;
    private static int testsDone;
    private static Integer killed;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RabbitCluster.start(3);
        try (Connection raw = RawAmqp.connect(cluster.uri())) {
            Channel channel = raw.createChannel();
            channel.queueDeclare(CANARY, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        testCount = (int) testMethods(RabbitEventBusClusterTest.class).count();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static java.util.stream.Stream<Method> testMethods(Class<?> type) {
        java.util.stream.Stream<Method> own =
                Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class));
        return type.getSuperclass() == null
                ? own
                : java.util.stream.Stream.concat(own, testMethods(type.getSuperclass()));
    }

    @Override
    protected EventBus newBus() {
        return RabbitEventBus.connect(RabbitEventBusQpidTest.config(cluster.uri()));
    }

    @Override
    protected int deliveryLimit() {
        return 3;
    }

    @Override
    protected void deleteCreated(List<String> queues, List<String> topics, List<String> logs) {
        RawAmqp.delete(cluster.uri(), queues, topics, logs);
    }

    /** A third of the way through, the canary's leader dies; two thirds through, it comes back. */
    @AfterEach
    void faultBetweenTests() {
        testsDone++;
        if (testsDone == testCount / 3 && killed == null) {
            killed = cluster.killLeaderOf(CANARY);
            log.info(
                    "killed the canary queue's leader node={}",
                    cluster.node(killed).nodeName());
        } else if (testsDone == 2 * testCount / 3) {
            bringBackKilledNode();
        }
    }

    private static void bringBackKilledNode() {
        if (killed != null) {
            cluster.restart(killed);
            killed = null;
        }
    }

    @Test
    void workQueuesAreReplicatedOnEveryNode() {
        bringBackKilledNode();
        WorkQueue<Note> queue = newQueue();
        bus.publish(queue, "declare", new Note("x", 1));
        await().atMost(PATIENCE).until(() -> cluster.membersOf(queue.name()).size() == 3);
    }

    @Test
    void noMessageIsLostWhenTheQueueLeadersNodeIsKilledWhileConsuming() throws Exception {
        bringBackKilledNode();
        WorkQueue<Note> queue = newQueue();
        Set<String> received = ConcurrentHashMap.newKeySet();
        bus.publish(queue, "m-0", new Note("m", 0));
        await().atMost(PATIENCE).until(() -> cluster.membersOf(queue.name()).size() == 3);
        closeLater(bus.consume(queue, 4, d -> {
            Thread.sleep(5);
            received.add(d.messageId());
        }));
        for (int i = 1; i < 50; i++) {
            publishUntilConfirmed(queue, i);
        }
        await().atMost(PATIENCE).until(() -> received.size() >= 10);

        int leader = cluster.killLeaderOf(queue.name());
        for (int i = 50; i < 100; i++) {
            publishUntilConfirmed(queue, i);
        }

        await().atMost(PATIENCE.multipliedBy(2))
                .untilAsserted(() -> assertThat(received)
                        .as(
                                "messages consumed after killing %s",
                                cluster.node(leader).nodeName())
                        .hasSize(100));
        cluster.restart(leader);
    }

    /** A publish the broker did not confirm during the fail-over is sent again, as the outbox would. */
    private void publishUntilConfirmed(WorkQueue<Note> queue, int i) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                bus.publish(queue, "m-" + i, new Note("m", i));
                return;
            } catch (BusException e) {
                if (attempt == 30) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
