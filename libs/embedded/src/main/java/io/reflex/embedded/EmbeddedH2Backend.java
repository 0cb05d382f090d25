package io.reflex.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 file backend whose collections look a pinned {@code _id} up ({@link IdLookup}).
 * Collections are opened on the same MVStore maps, under the same names, as the stock backend opens them,
 * so a store file written by either reads back in the other.
 */
final class EmbeddedH2Backend extends H2Backend {
    /**
     * The store a database under construction opens its collections in: H2Database opens the existing
     * collections from its constructor, before a subclass's own fields are set.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    EmbeddedH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        OPENING.set(getMvStore());
        try {
            return new Database(databaseName, getMvStore(), getCursorRegistry());
        } finally {
            OPENING.remove();
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        EmbeddedMongo.recordCommand(command, query);
        return super.handleCommand(channel, databaseName, command, query);
    }

    private static final class Database extends H2Database {
        private final MVStore store;

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
            this.store = store;
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            MVStore mv = store != null ? store : OPENING.get();
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = mv.openMap("databases." + namespace);
            MVMap<String, Object> meta = mv.openMap("meta." + namespace);
            return new Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {
        Collection(
                MongoDatabase database,
                String name,
                CollectionOptions options,
                MVMap<Object, Document> data,
                MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Object> positions = IdLookup.positions(query, getIndexes());
            return positions == null
                    ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector)
                    : matchDocuments(query, positions, orderBy, skip, limit, batchSize, fieldSelector);
        }
    }
}
