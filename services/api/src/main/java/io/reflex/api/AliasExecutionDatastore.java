package io.reflex.api;

import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import java.time.Instant;
import java.util.Optional;

/**
 * The key-value store as alias templates see it ({@code st2kv.system.x}, {@code st2kv.user.x}): stored values
 * as they are, expired ones absent. Secrets stay ciphertext; the API does not decrypt them for chat
 * templates, so {@code decrypt_kv} fails.
 */
final class AliasExecutionDatastore implements Datastore {
    private final Store<KeyValuePair> pairs;

    AliasExecutionDatastore(StateStore store) {
        this.pairs = store.store(Kinds.KEY_VALUE_PAIR);
    }

    @Override
    public Optional<String> get(String scope, String name) {
        Instant now = Instant.now();
        return pairs.findOne(Filter.and(Filter.eq("scope", scope), Filter.eq("name", name)))
                .filter(kv ->
                        kv.expireTimestamp() == null || kv.expireTimestamp().isAfter(now))
                .map(KeyValuePair::value);
    }

    @Override
    public String decrypt(String ciphertext) {
        throw new TemplateException("decrypt_kv is not available in alias templates");
    }
}
