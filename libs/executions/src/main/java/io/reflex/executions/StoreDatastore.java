package io.reflex.executions;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.secrets.DatastoreCipher;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import java.time.Clock;
import java.util.Optional;

/**
 * The key-value store as templates see it ({@code st2kv.system.x}, {@code st2kv.user.x},
 * {@code decrypt_kv}): expired keys do not exist; secrets are read as stored (ciphertext) and decrypted only
 * by {@code decrypt_kv}, with this installation's datastore key.
 */
public final class StoreDatastore implements Datastore {
    private final StateStore store;
    private final DatastoreCipher cipher;
    private final Clock clock;

    /** @param cipher the datastore cipher, or null when no key is set up (decrypt_kv then fails) */
    public StoreDatastore(StateStore store, DatastoreCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String scope, String name) {
        return store.store(Kinds.KEY_VALUE_PAIR)
                .findOne(Filter.and(Filter.eq("scope", scope), Filter.eq("name", name)))
                .filter(kv ->
                        kv.expireTimestamp() == null || kv.expireTimestamp().isAfter(Timestamps.now(clock)))
                .map(KeyValuePair::value);
    }

    @Override
    public String decrypt(String ciphertext) {
        if (cipher == null) {
            throw new TemplateException("decrypt_kv: no datastore crypto key is set up");
        }
        try {
            return cipher.decrypt(ciphertext);
        } catch (RuntimeException e) {
            throw new TemplateException("decrypt_kv: value cannot be decrypted with this installation's key");
        }
    }
}
