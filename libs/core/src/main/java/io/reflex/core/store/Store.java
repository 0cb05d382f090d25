package io.reflex.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The store of one aggregate. Every method blocks the calling thread until the backend answered (call it
 * from a worker or virtual thread, never from an event loop) and throws {@link StoreException} when the
 * backend cannot be reached: a store never answers "nothing" in place of an error. Records are compared
 * by their JSON form, so a record read back equals the record written.
 *
 * @param <T> the record type
 */
public interface Store<T extends Entity> {
    EntityKind<T> kind();

    /**
     * Writes a new record.
     *
     * @throws DuplicateKeyException when the id or a unique index value is taken
     */
    T insert(T entity);

    /**
     * Writes the record unless one with the same id exists, and returns what is stored afterwards (the new
     * record or the existing one, untouched). Idempotent: the way to persist a redelivered effect.
     *
     * @throws DuplicateKeyException when another record holds a unique index value of this one
     */
    T insertIfAbsent(T entity);

    Optional<T> get(String id);

    /** The first match by id order, if any. */
    Optional<T> findOne(Filter filter);

    /** Matches in the query's sort order, ties broken by id; offset and limit applied after sorting. */
    List<T> find(Query query);

    long count(Filter filter);

    /**
     * Replaces the record with the same id.
     *
     * @return false when no record has that id (nothing is written)
     * @throws DuplicateKeyException when the new values collide with another record's unique index
     */
    boolean replace(T entity);

    /**
     * Replaces the record with the same id only if it currently matches {@code condition}: the
     * compare-and-set primitive. Atomic with respect to every other write to that record.
     *
     * @return false when the record is absent or did not match (nothing is written)
     */
    boolean replaceIf(T entity, Filter condition);

    /**
     * {@link #replaceIf} of several records at once: entity {@code i} on condition {@code i}, each on its own
     * (one not matching does not stop the others). A backend that can sends them together, in one round trip;
     * by default they are written one after the other.
     *
     * @return per entity, whether it was replaced
     * @throws StoreException when the store failed; then none may have been written
     */
    default boolean[] replaceAllIf(List<T> entities, List<Filter> conditions) {
        if (entities.size() != conditions.size()) {
            throw new IllegalArgumentException(entities.size() + " records, " + conditions.size() + " conditions");
        }
        boolean[] replaced = new boolean[entities.size()];
        for (int i = 0; i < replaced.length; i++) {
            replaced[i] = replaceIf(entities.get(i), conditions.get(i));
        }
        return replaced;
    }

    /** Inserts, or replaces the record with the same id. */
    T save(T entity);

    /** @return false when there was nothing to delete */
    boolean delete(String id);

    /**
     * Deletes at most {@code limit} matching records, lowest ids first, and returns how many were deleted.
     * Bounded so that a huge backlog is removed in batches without being loaded into memory.
     */
    long deleteMatching(Filter filter, int limit);
}
