package io.reflex.mongo;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Action;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.SchemaTooNewException;
import io.reflex.core.store.Store;
import io.reflex.embedded.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record written by a newer release (its {@code _schema} past what this build writes), seen through the
 * MongoDB store: read, but never overwritten by replace, compare-and-set or save; the raw document keeps the
 * fields this build does not know.
 */
class MongoRecordSchemaTest {
    private EmbeddedMongo mongo;
    private MongoClient raw;
    private MongoDatabase db;
    private MongoStateStore store;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(null);
        raw = MongoClients.create(mongo.uri());
        db = raw.getDatabase("schemas");
        store = MongoStateStore.connect(mongo.uri(), "schemas");
    }

    @AfterEach
    void stop() {
        store.close();
        raw.close();
        mongo.close();
    }

    @Test
    void aRecordOfANewerSchemaIsReadButNeverOverwritten() {
        Store<Action> actions = store.store(Kinds.ACTION);
        Action stored = actions.insert(action(id(1), "core", "local"));
        writtenByNewerRelease("action", stored.id());
        Action changed = action(id(1), "core", "local-changed");

        assertThat(actions.get(stored.id())).contains(stored);
        assertThatThrownBy(() -> actions.replace(changed))
                .isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("action/" + stored.id());
        assertThatThrownBy(() -> actions.save(changed)).isInstanceOf(SchemaTooNewException.class);
        Document doc =
                db.getCollection("action").find(Filters.eq("_id", stored.id())).first();
        assertThat(doc).containsEntry("_schema", 2).containsEntry("future", "kept");
        assertThat(actions.get(stored.id())).contains(stored);
    }

    @Test
    void compareAndSetOnANewerExecutionIsRefusedNotTakenForALostRace() {
        Execution requested = store.executions().insert(execution(id(2), "core.local", T0));
        writtenByNewerRelease("execution", requested.id());

        assertThatThrownBy(() -> store.executions()
                        .compareAndSet(requested, requested.transitionTo(ExecutionStatus.SCHEDULED, T0)))
                .isInstanceOf(SchemaTooNewException.class);
        assertThat(store.executions().get(requested.id()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.REQUESTED);
    }

    private void writtenByNewerRelease(String collection, String id) {
        long matched = db.getCollection(collection)
                .updateOne(
                        Filters.eq("_id", id),
                        Updates.combine(Updates.set("_schema", 2), Updates.set("future", "kept")))
                .getMatchedCount();
        assertThat(matched).isEqualTo(1);
    }
}
