package io.reflex.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.testing.contract.RecordSchemaContract;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link RecordSchemaContract} on the MongoDB store (mongo-java-server in this JVM). */
class MongoRecordSchemaTest extends RecordSchemaContract {
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

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected void writtenByNewerRelease(String collection, String id) {
        long matched = db.getCollection(collection)
                .updateOne(
                        Filters.eq("_id", id),
                        Updates.combine(Updates.set("_schema", 2), Updates.set("future", "kept")))
                .getMatchedCount();
        assertThat(matched).isEqualTo(1);
    }

    @Override
    protected void assertStillAsTheNewerReleaseLeftIt(String collection, String id) {
        Document doc = db.getCollection(collection).find(Filters.eq("_id", id)).first();
        assertThat(doc).containsEntry("_schema", 2).containsEntry("future", "kept");
    }
}
