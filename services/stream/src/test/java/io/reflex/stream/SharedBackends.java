package io.reflex.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventLog;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.mongo.MongoStateStore;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.testing.ExternalBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What several stream processes share in the tests: a real RabbitMQ (its stream queue is the event
 * log; found as every integration test finds it, required), the store on an embedded MongoDB and the
 * coordinator on an embedded ZooKeeper, both served by the test JVM. The test produces events by appending
 * to the log through its own bus, as the api and runners do.
 */
final class SharedBackends implements AutoCloseable {
    final String amqp;
    final EmbeddedMongo mongo;
    final EmbeddedZooKeeper zooKeeper;
    final MongoStateStore store;
    final RabbitEventBus bus;
    final EventLog<StreamEvent> events;

    private SharedBackends(
            String amqp, EmbeddedMongo mongo, EmbeddedZooKeeper zooKeeper, MongoStateStore store, RabbitEventBus bus) {
        this.amqp = amqp;
        this.mongo = mongo;
        this.zooKeeper = zooKeeper;
        this.store = store;
        this.bus = bus;
        this.events = bus.log(Channels.EVENTS);
    }

    static SharedBackends start() {
        return start(ExternalBackend.AMQP.require());
    }

    /** The same, on the RabbitMQ at {@code amqp} (e.g. a node the test kills). */
    static SharedBackends start(String amqp) {
        EmbeddedMongo mongo = EmbeddedMongo.start(null);
        EmbeddedZooKeeper zk = null;
        MongoStateStore store = null;
        try {
            zk = EmbeddedZooKeeper.start(null);
            store = MongoStateStore.connect(mongo.uri(), "reflex");
            RabbitEventBus bus =
                    RabbitEventBus.connect(RabbitBusConfig.defaults(amqp).withConnectionName("reflex-stream-test"));
            return new SharedBackends(amqp, mongo, zk, store, bus);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            if (zk != null) {
                zk.close();
            }
            mongo.close();
            throw e;
        }
    }

    /** The configuration of a stream process on these backends, on a free port, with {@code dataDir}. */
    Map<String, String> flags(Path dataDir) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("store.uri", mongo.uri());
        flags.put("bus.uri", amqp);
        flags.put("coordination.uri", "zookeeper://" + zooKeeper.connectString());
        flags.put("coordination.session_timeout", "5s");
        flags.put("stream.port", "0");
        return flags;
    }

    String token(String user) {
        String value = UUID.randomUUID().toString().replace("-", "");
        store.store(Kinds.TOKEN)
                .insert(new Token(Ids.newId(), user, value, Timestamps.now().plus(Duration.ofHours(1)), null, false));
        return value;
    }

    void append(String event, ObjectNode data) {
        events.append(new StreamEvent(event, data));
    }

    @Override
    public void close() {
        bus.close();
        store.close();
        zooKeeper.close();
        mongo.close();
    }
}
