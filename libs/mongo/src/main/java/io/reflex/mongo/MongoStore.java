package io.reflex.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.reflex.core.json.InstantFields;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.RecordSchemas;
import io.reflex.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The store of one kind in one MongoDB collection. Every write is a single-document operation, which
 * MongoDB applies atomically: {@link #replaceIf} is {@code replaceOne({_id, ...condition})}, the
 * compare-and-set executions rely on. Reads go to the primary.
 */
class MongoStore<T extends Entity> implements Store<T> {
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final EntityKind<T> kind;
    private final MongoCollection<Document> collection;
    private final MongoQueries queries;
    private final MongoErrors errors;

    MongoStore(EntityKind<T> kind, MongoCollection<Document> collection) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.collection = Objects.requireNonNull(collection, "collection");
        this.queries = new MongoQueries(InstantFields.of(kind.type()));
        this.errors = new MongoErrors(kind, collection);
    }

    @Override
    public EntityKind<T> kind() {
        return kind;
    }

    @Override
    public T insert(T entity) {
        Document doc = MongoCodec.toDocument(entity);
        try {
            collection.insertOne(doc);
            return entity;
        } catch (MongoException e) {
            throw errors.translate("insert", doc, e);
        }
    }

    @Override
    public T insertIfAbsent(T entity) {
        Document doc = MongoCodec.toDocument(entity);
        try {
            collection.insertOne(doc);
            return entity;
        } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw errors.failure("insert", e);
            }
            // Whichever index the server reported, a record with this id means the write already happened.
            return get(entity.id()).orElseThrow(() -> errors.duplicate(doc, e));
        }
    }

    @Override
    public Optional<T> get(String id) {
        try {
            return Optional.ofNullable(collection.find(byId(id)).first()).map(this::decode);
        } catch (MongoException e) {
            throw errors.failure("get", e);
        }
    }

    @Override
    public Optional<T> findOne(Filter filter) {
        try {
            Document first = collection
                    .find(queries.filter(filter))
                    .sort(Sorts.ascending(MongoCodec.ID))
                    .limit(1)
                    .first();
            return Optional.ofNullable(first).map(this::decode);
        } catch (MongoException e) {
            throw errors.failure("find", e);
        }
    }

    @Override
    public List<T> find(Query query) {
        try {
            FindIterable<Document> found = collection
                    .find(queries.filter(query.filter()))
                    .sort(MongoQueries.sort(query.sort()))
                    .skip(query.offset());
            if (query.limit() > 0) {
                found = found.limit(query.limit());
            }
            List<T> out = new ArrayList<>();
            for (Document doc : found) {
                out.add(decode(doc));
            }
            return out;
        } catch (MongoException e) {
            throw errors.failure("find", e);
        }
    }

    @Override
    public long count(Filter filter) {
        try {
            // An unfiltered count is the collection's size: metadata, no scan (MongoDB and the embedded server).
            return filter instanceof Filter.All
                    ? collection.estimatedDocumentCount()
                    : collection.countDocuments(queries.filter(filter));
        } catch (MongoException e) {
            throw errors.failure("count", e);
        }
    }

    @Override
    public boolean replace(T entity) {
        return replaceIf(entity, Filter.all());
    }

    @Override
    public boolean replaceIf(T entity, Filter condition) {
        Filter guarded = Filter.and(condition, RecordSchemas.writable(kind.type()));
        Document doc = MongoCodec.toDocument(entity);
        boolean replaced;
        try {
            replaced = collection
                            .replaceOne(Filters.and(byId(entity.id()), queries.filter(guarded)), doc)
                            .getMatchedCount()
                    > 0;
        } catch (MongoException e) {
            throw errors.translate("replace", doc, e);
        }
        if (!replaced) {
            RecordSchemas.refuseIfNewer(this, entity.id());
        }
        return replaced;
    }

    @Override
    public T save(T entity) {
        RecordSchemas.refuseIfNewer(this, entity.id());
        Document doc = MongoCodec.toDocument(entity);
        try {
            upsert(doc);
        } catch (MongoException e) {
            if (!isIdRace(e)) {
                throw errors.translate("save", doc, e);
            }
            try {
                // Two concurrent upserts of a new id: one inserted, the other now finds it and replaces it.
                upsert(doc);
            } catch (MongoException again) {
                throw errors.translate("save", doc, again);
            }
        }
        return entity;
    }

    private void upsert(Document doc) {
        collection.replaceOne(Filters.eq(MongoCodec.ID, doc.get(MongoCodec.ID)), doc, UPSERT);
    }

    private static boolean isIdRace(MongoException e) {
        return MongoErrors.isDuplicateKey(e) && MongoErrors.ID_INDEX.equals(MongoErrors.indexName(e.getMessage()));
    }

    @Override
    public boolean delete(String id) {
        try {
            return collection.deleteOne(byId(id)).getDeletedCount() > 0;
        } catch (MongoException e) {
            throw errors.failure("delete", e);
        }
    }

    /**
     * Finds the lowest matching ids (only {@code _id} is fetched) and deletes those that still match, so
     * memory stays bounded by {@code limit} however large the backlog.
     */
    @Override
    public long deleteMatching(Filter filter, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("deleteMatching limit must be > 0, was " + limit);
        }
        Bson condition = queries.filter(filter);
        try {
            List<Object> ids = new ArrayList<>(Math.min(limit, 1024));
            collection
                    .find(condition)
                    .projection(Projections.include(MongoCodec.ID))
                    .sort(Sorts.ascending(MongoCodec.ID))
                    .limit(limit)
                    .forEach(doc -> ids.add(doc.get(MongoCodec.ID)));
            if (ids.isEmpty()) {
                return 0;
            }
            return collection
                    .deleteMany(Filters.and(Filters.in(MongoCodec.ID, ids), condition))
                    .getDeletedCount();
        } catch (MongoException e) {
            throw errors.failure("deleteMatching", e);
        }
    }

    private static Bson byId(String id) {
        return Filters.eq(MongoCodec.ID, Objects.requireNonNull(id, "id"));
    }

    private T decode(Document doc) {
        return MongoCodec.fromDocument(doc, kind.type());
    }
}
