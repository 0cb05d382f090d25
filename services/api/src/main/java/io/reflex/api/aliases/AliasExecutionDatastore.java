package io.reflex.api.aliases;

import io.reflex.core.store.StateStore;
import io.reflex.executions.StoreDatastore;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import java.time.Clock;
import java.util.Optional;

/**
 * The key-value store as alias templates see it ({@code st2kv.system.x}, {@code st2kv.user.x}): stored values
 * as they are, expired ones absent. Secrets stay ciphertext; the API does not decrypt them for chat
 * templates, so {@code decrypt_kv} fails.
 */
final class AliasExecutionDatastore implements Datastore {
    private final StoreDatastore pairs;

    AliasExecutionDatastore(StateStore store) {
        this.pairs = new StoreDatastore(store, null, Clock.systemUTC());
    }

    @Override
    public Optional<String> get(String scope, String name) {
        return pairs.get(scope, name);
    }

    @Override
    public String decrypt(String ciphertext) {
        throw new TemplateException("decrypt_kv is not available in alias templates");
    }
}
