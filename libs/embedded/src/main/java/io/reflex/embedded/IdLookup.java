package io.reflex.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.List;
import java.util.UUID;

/**
 * Narrows a query that names one {@code _id} to the positions the {@code _id} index holds for it.
 *
 * <p>mongo-java-server answers a query through an index only when the query's keys are exactly the
 * index's keys, so {@code {_id: x, status: s, version: v}} (a compare-and-set) or {@code {$and: [{_id: x},
 * ...]}} scanned the whole collection. Any document matching such a query has {@code _id == x}, so the
 * candidates can come from the {@code _id} index and the full query is then matched against them as before:
 * the result is the same, and the caller still does it under the collection's lock (mongo-java-server
 * serialises every query, update and findAndModify of a collection), so a compare-and-set stays atomic.
 */
final class IdLookup {
    private static final String ID = "_id";

    private IdLookup() {}

    /**
     * The positions of the documents whose {@code _id} the query pins, or null when the query pins none
     * (then the caller answers it as mongo-java-server does).
     */
    static <P> Iterable<P> positions(Document query, List<Index<P>> indexes) {
        Document byId = idQuery(query);
        if (byId == null) {
            return null;
        }
        for (Index<P> index : indexes) {
            if (index.canHandle(byId)) {
                return index.getPositions(byId);
            }
        }
        return null;
    }

    /**
     * {@code {_id: x}} when the query requires {@code _id} to equal a plain value {@code x}, at its top level
     * or in one of the clauses of a top-level {@code $and}; otherwise null.
     */
    static Document idQuery(Document query) {
        if (query == null) {
            return null;
        }
        Object id = query.get(ID);
        if (isPlain(id)) {
            return new Document(ID, id);
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document d && isPlain(d.get(ID))) {
                    return new Document(ID, d.get(ID));
                }
            }
        }
        return null;
    }

    /** Values whose equality match and index key agree (no operators, arrays, numbers' type widening). */
    private static boolean isPlain(Object value) {
        return value instanceof String || value instanceof ObjectId || value instanceof UUID;
    }
}
