package io.reflex.mongo;

import com.mongodb.client.MongoCollection;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Kinds;
import org.bson.Document;

/** Executions in MongoDB: compare-and-set is the port's default, a conditional {@code replaceOne}. */
final class MongoExecutionStore extends MongoStore<Execution> implements ExecutionStore {
    MongoExecutionStore(MongoCollection<Document> collection) {
        super(Kinds.EXECUTION, collection);
    }
}
