package io.reflex.actionrunner;

import io.reflex.embedded.EmbeddedMongo;
import io.reflex.embedded.EmbeddedZooKeeper;
import io.reflex.testing.ExternalBackend;
import java.nio.file.Path;
import java.util.Map;

/**
 * Backends for the multi-runner tests, quick to start: an in-memory store, an embedded ZooKeeper (real
 * FIFO semaphores with fencing) and the real RabbitMQ ({@code REFLEX_IT_AMQP_URI}; the test fails in CI and
 * is skipped elsewhere without it).
 */
final class FastBackends implements AutoCloseable {
    private final EmbeddedMongo mongo;
    private final EmbeddedZooKeeper zk;
    private final String amqp;

    private FastBackends(EmbeddedMongo mongo, EmbeddedZooKeeper zk, String amqp) {
        this.mongo = mongo;
        this.zk = zk;
        this.amqp = amqp;
    }

    static FastBackends start(Path dir) {
        String amqp = ExternalBackend.AMQP.require();
        EmbeddedMongo mongo = EmbeddedMongo.start(null);
        try {
            return new FastBackends(mongo, EmbeddedZooKeeper.start(dir.resolve("zookeeper")), amqp);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    /** Config keys pointing a runner at these backends. */
    Map<String, String> flags() {
        return Map.of(
                "store.uri", mongo.uri(), "bus.uri", amqp, "coordination.uri", "zookeeper://" + zk.connectString());
    }

    @Override
    public void close() {
        zk.close();
        mongo.close();
    }
}
