package io.reflex.core.store;

/**
 * A write would give two records the same value of a unique index (or the same id). {@code conflictId}
 * names the record already stored when the store can tell (StackStorm returns it as {@code conflict-id}).
 */
public class DuplicateKeyException extends StoreException {
    private final String collection;
    private final String index;
    private final String conflictId;

    public DuplicateKeyException(String collection, String index, String conflictId) {
        super("duplicate key in " + collection + " (index " + index + ")"
                + (conflictId == null ? "" : ", conflicting record " + conflictId));
        this.collection = collection;
        this.index = index;
        this.conflictId = conflictId;
    }

    public String collection() {
        return collection;
    }

    public String index() {
        return index;
    }

    /** The id of the existing record, or null when unknown. */
    public String conflictId() {
        return conflictId;
    }
}
