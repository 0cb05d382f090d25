package io.reflex.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.schema.SchemaVersions;

/**
 * The schema version stored with each record, in field {@value #FIELD} (absent means
 * {@link SchemaVersions#INITIAL}), and the rule that protects it: a process never overwrites a record written
 * at a schema version newer than its own, because it would silently drop the fields it does not know. Every
 * store stamps the field when it encodes a record and applies {@link #writable} to {@code replace},
 * {@code replaceIf} and {@code save}; a write that the rule stops throws {@link SchemaTooNewException}.
 * Versions come from {@link SchemaVersions#CURRENT}.
 */
public final class RecordSchemas {
    public static final String FIELD = "_schema";

    private RecordSchemas() {}

    /** The version this process writes records of {@code type} at. */
    public static int version(Class<?> type) {
        return SchemaVersions.CURRENT.of(type);
    }

    /**
     * Adds the version to an encoded record; at {@link SchemaVersions#INITIAL} the field is left out, so the
     * documents of a type whose schema never changed look as they always did. Returns {@code doc}.
     */
    public static ObjectNode stamp(ObjectNode doc, Class<?> type) {
        int version = version(type);
        if (version > SchemaVersions.INITIAL) {
            doc.put(FIELD, version);
        }
        return doc;
    }

    /** Whether records of {@code type} carry the field (their version is past the first). */
    public static boolean stamped(Class<?> type) {
        return version(type) > SchemaVersions.INITIAL;
    }

    /** The condition a stored record of {@code type} must meet for this process to overwrite it. */
    public static Filter writable(Class<?> type) {
        return Filter.or(Filter.missing(FIELD), Filter.lte(FIELD, version(type)));
    }

    /**
     * Throws {@link SchemaTooNewException} when record {@code id} of {@code store} exists at a newer schema;
     * how a store tells a refused write from a failed condition after a conditional write changed nothing.
     */
    public static void refuseIfNewer(Store<?> store, String id) {
        Class<?> type = store.kind().type();
        int known = version(type);
        if (store.count(Filter.and(Filter.eq("id", id), Filter.gt(FIELD, known))) > 0) {
            throw new SchemaTooNewException(store.kind().collection(), id, known);
        }
    }
}
