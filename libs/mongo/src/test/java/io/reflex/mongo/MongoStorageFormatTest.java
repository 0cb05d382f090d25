package io.reflex.mongo;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.rule;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import io.reflex.embedded.EmbeddedMongo;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the MongoDB store writes, seen with the raw driver: dates, escaped keys, indexes. */
class MongoStorageFormatTest {
    private EmbeddedMongo mongo;
    private MongoClient raw;
    private MongoDatabase db;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(null);
        raw = MongoClients.create(mongo.uri());
        db = raw.getDatabase("format");
    }

    @AfterEach
    void stop() {
        raw.close();
        mongo.close();
    }

    @Test
    void instantsAreStoredAsDatesAndTheIdAsUnderscoreId() {
        try (MongoStateStore store = MongoStateStore.connect(mongo.uri(), "format")) {
            store.executions().insert(runningExecution(id(1), "core.local", T0));
        }

        Document doc = db.getCollection("execution").find().first();

        assertThat(doc.get("_id")).isEqualTo(id(1));
        assertThat(doc).doesNotContainKey("id");
        assertThat(doc.get("start_timestamp")).isEqualTo(Date.from(T0));
        assertThat(doc.getEmbedded(List.of("lease", "expires_at"), Object.class))
                .isInstanceOf(Date.class);
        assertThat(doc.getList("log", Document.class))
                .allSatisfy(entry -> assertThat(entry.get("timestamp")).isInstanceOf(Date.class));
        assertThat(doc.getEmbedded(List.of("context", "nested", "when"), Object.class))
                .isInstanceOf(String.class);
    }

    @Test
    void keysWithDotsAndDollarsAreEscapedInStorageOnly() {
        try (MongoStateStore store = MongoStateStore.connect(mongo.uri(), "format")) {
            store.store(Kinds.RULE).insert(rule(id(1), "examples", "r", "core.local"));
        }

        Document criteria = db.getCollection("rule").find().first().get("criteria", Document.class);

        assertThat(criteria.keySet()).contains("trigger\uFF0Ebody\uFF0Evalue", "\uFF04ref");
        assertThat(criteria.keySet()).noneMatch(k -> k.contains(".") || k.contains("$"));
    }

    @Test
    void uniqueIndexesOfEveryKindExistAndConnectingAgainKeepsThem() {
        MongoStateStore.connect(mongo.uri(), "format").close();
        MongoStateStore.connect(mongo.uri(), "format").close();

        for (var kind : Kinds.ALL) {
            Map<String, Boolean> indexes = new java.util.HashMap<>();
            db.getCollection(kind.collection())
                    .listIndexes()
                    .forEach(i -> indexes.put(i.getString("name"), i.getBoolean("unique", false)));
            for (var spec : kind.uniqueIndexes()) {
                assertThat(indexes).as(kind.collection()).containsEntry(spec.name(), true);
            }
        }
    }

    @Test
    void anIndexRedefinedByHandFailsStartupNamingIt() {
        db.getCollection("pack").createIndex(new Document("name", 1), new IndexOptions().name("ref"));

        assertThatThrownBy(() -> MongoStateStore.connect(mongo.uri(), "format"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("ref")
                .hasMessageContaining("pack");
    }

    @Test
    void aKindOutsideTheCatalogueGetsItsUniqueIndexesOnFirstUse() {
        EntityKind<Action> custom =
                new EntityKind<>("custom_action", Action.class, List.of(IndexSpec.unique("by_name", "name")));
        try (MongoStateStore store = MongoStateStore.connect(mongo.uri(), "format")) {
            Store<Action> actions = store.store(custom);
            actions.insert(action(id(1), "core", "local"));

            assertThat(store.store(custom)).isSameAs(actions);
            assertThatThrownBy(() -> actions.insert(action(id(2), "linux", "local")))
                    .isInstanceOfSatisfying(
                            DuplicateKeyException.class,
                            e -> assertThat(e.index()).isEqualTo("by_name"));
        }
    }

    @Test
    void documentsWrittenByOtherToolsReadWithDatesAsTimestampsAndObjectIdsAsHex() {
        ObjectId oid = new ObjectId();
        db.getCollection("pack")
                .insertOne(new Document("_id", id(1))
                        .append("ref", "examples")
                        .append("name", "Examples")
                        .append("system", new Document("installed", Date.from(T0)).append("by", oid))
                        .append("unknown_field", 5));

        try (MongoStateStore store = MongoStateStore.connect(mongo.uri(), "format")) {
            Pack pack = store.store(Kinds.PACK).get(id(1)).orElseThrow();

            assertThat(pack.system().get("installed").asText()).isEqualTo(Timestamps.format(T0));
            assertThat(pack.system().get("by").asText()).isEqualTo(oid.toHexString());
            assertThat(pack.keywords()).isEmpty();
        }
    }
}
