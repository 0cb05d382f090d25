package io.reflex.core.store;

/**
 * A write was refused because the stored record was written at a newer schema version than this process
 * knows: overwriting it would drop the fields the newer release added. Nothing was written. The write belongs
 * to a process of the newer release; retrying it here fails the same way.
 */
public class SchemaTooNewException extends StoreException {
    public SchemaTooNewException(String collection, String id, int known) {
        super("record " + collection + "/" + id + " has a schema version newer than " + known
                + ", the newest this process writes; not overwritten, it is left for a newer process");
    }
}
