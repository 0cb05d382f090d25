package io.reflex.mongo;

import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.health.HealthStatus;
import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.testing.FaultProxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store behind a proxy that can cut the connection: an outage is an error, never an empty answer. */
class MongoStateStoreFaultTest {
    private EmbeddedMongo mongo;
    private FaultProxy proxy;
    private MongoStateStore store;

    @BeforeEach
    void connectThroughProxy() throws Exception {
        mongo = EmbeddedMongo.start(null);
        proxy = new FaultProxy("127.0.0.1", mongo.port());
        store = MongoStateStore.connect(
                "mongodb://127.0.0.1:" + proxy.port() + "/?serverSelectionTimeoutMS=1000", "fault");
    }

    @AfterEach
    void tearDown() {
        store.close();
        proxy.close();
        mongo.close();
    }

    @Test
    void operationsFailWithStoreExceptionWhileTheServerIsUnreachableAndWorkAgainAfterwards() {
        Store<Action> actions = store.store(Kinds.ACTION);
        Action written = actions.insert(action(id(1), "core", "local"));

        proxy.cut();

        assertThatThrownBy(() -> actions.get(id(1))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.find(Query.all())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.count(Filter.all())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.findOne(Filter.all())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> actions.insert(action(id(2), "core", "other")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> store.executions().deleteMatching(Filter.all(), 10))
                .isInstanceOf(StoreException.class);

        proxy.restore();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(actions.get(id(1))).contains(written));
        assertThat(actions.find(Query.all())).containsExactly(written);
    }

    @Test
    void healthIsDownWithTheReasonWhileTheServerIsUnreachableAndUpAgainAfterwards() {
        HealthStatus before = store.health().check();
        assertThat(before.up()).as(before.detail()).isTrue();
        assertThat(before.detail()).startsWith("mongodb ");

        proxy.cut();

        HealthStatus during = store.health().check();
        assertThat(during.up()).isFalse();
        assertThat(during.detail()).contains("unreachable");

        proxy.restore();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.health().check().up());
    }

    @Test
    void connectingToAServerThatIsDownFailsWithStoreException() {
        proxy.cut();

        assertThatThrownBy(() -> MongoStateStore.connect(
                        "mongodb://127.0.0.1:" + proxy.port() + "/?serverSelectionTimeoutMS=500", "fault"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("index");
    }
}
