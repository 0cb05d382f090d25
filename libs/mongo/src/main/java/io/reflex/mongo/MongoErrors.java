package io.reflex.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.StoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns driver exceptions into the store's: a duplicate key (code 11000 and its relatives) becomes a
 * {@link DuplicateKeyException} naming the index and, when it can be found, the record that holds the
 * value; everything else becomes a {@link StoreException}, so callers never mistake an outage for "no data".
 */
final class MongoErrors {
    private static final Logger log = LoggerFactory.getLogger(MongoErrors.class);
    static final String ID_INDEX = "_id_";

    /** Both MongoDB and mongo-java-server say {@code ... index: <name> dup key: { ... }}. */
    private static final Pattern INDEX = Pattern.compile("index: (\\S+) dup key");

    private final EntityKind<?> kind;
    private final MongoCollection<Document> collection;

    MongoErrors(EntityKind<?> kind, MongoCollection<Document> collection) {
        this.kind = kind;
        this.collection = collection;
    }

    static boolean isDuplicateKey(MongoException e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    StoreException failure(String operation, MongoException e) {
        return new StoreException(
                "store " + operation + " on " + kind.collection() + " failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    /** The exception for {@code e} raised while writing {@code doc}. */
    StoreException translate(String operation, Document doc, MongoException e) {
        return isDuplicateKey(e) ? duplicate(doc, e) : failure(operation, e);
    }

    DuplicateKeyException duplicate(Document doc, MongoException e) {
        String id = String.valueOf(doc.get(MongoCodec.ID));
        String index = indexName(e.getMessage());
        if (ID_INDEX.equals(index)) {
            return new DuplicateKeyException(kind.collection(), ID_INDEX, id);
        }
        for (IndexSpec spec : candidates(index)) {
            String holder = holder(spec, doc, id);
            if (holder != null) {
                return new DuplicateKeyException(kind.collection(), spec.name(), holder);
            }
        }
        return new DuplicateKeyException(kind.collection(), index == null ? "unknown" : index, null);
    }

    static String indexName(String message) {
        Matcher m = INDEX.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : null;
    }

    /** The named unique index, or every unique index when the message did not name a known one. */
    private List<IndexSpec> candidates(String index) {
        List<IndexSpec> named = new ArrayList<>();
        kind.uniqueIndexes().stream().filter(s -> s.name().equals(index)).forEach(named::add);
        return named.isEmpty() ? kind.uniqueIndexes() : named;
    }

    /** The id of another record holding {@code doc}'s values of {@code spec}, or null. */
    private String holder(IndexSpec spec, Document doc, String id) {
        try {
            List<Bson> conditions = new ArrayList<>();
            conditions.add(Filters.ne(MongoCodec.ID, id));
            for (String field : spec.fields()) {
                String path = field.startsWith("-") ? field.substring(1) : field;
                Object value = doc.getEmbedded(Arrays.asList(path.split("\\.")), Object.class);
                conditions.add(Filters.eq(MongoQueries.field(path), value));
            }
            Document found = collection
                    .find(Filters.and(conditions))
                    .projection(Projections.include(MongoCodec.ID))
                    .first();
            return found == null ? null : String.valueOf(found.get(MongoCodec.ID));
        } catch (MongoException | ClassCastException lookupFailed) {
            log.warn(
                    "duplicate key holder lookup failed collection={} index={} reason={}",
                    kind.collection(),
                    spec.name(),
                    lookupFailed.toString());
            return null;
        }
    }
}
