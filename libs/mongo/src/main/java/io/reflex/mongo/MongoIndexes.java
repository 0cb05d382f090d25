package io.reflex.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.StoreException;
import org.bson.Document;

/**
 * Ensures the indexes of a kind. {@code createIndex} with the same name, keys and options is a no-op on
 * the server, so every process can run this at startup, even several at once. An index that exists
 * under the same name with other keys or options fails startup: it must be dropped by hand.
 */
final class MongoIndexes {
    private MongoIndexes() {}

    /** @return how many indexes were ensured */
    static int ensure(MongoDatabase database, EntityKind<?> kind) {
        var collection = database.getCollection(kind.collection());
        for (IndexSpec spec : kind.indexes()) {
            try {
                collection.createIndex(
                        keys(spec), new IndexOptions().name(spec.name()).unique(spec.unique()));
            } catch (MongoException e) {
                throw new StoreException(
                        "cannot ensure index " + spec.name() + " on " + kind.collection() + ": " + e.getMessage(), e);
            }
        }
        return kind.indexes().size();
    }

    static Document keys(IndexSpec spec) {
        Document keys = new Document();
        for (String field : spec.fields()) {
            boolean descending = field.startsWith("-");
            String path = descending ? field.substring(1) : field;
            keys.put(MongoQueries.field(path), descending ? -1 : 1);
        }
        return keys;
    }
}
