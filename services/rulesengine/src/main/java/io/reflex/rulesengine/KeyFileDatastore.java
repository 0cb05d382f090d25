package io.reflex.rulesengine;

import io.reflex.core.secrets.CryptoKeyFile;
import io.reflex.core.secrets.DatastoreCipher;
import io.reflex.core.store.StateStore;
import io.reflex.executions.StoreDatastore;
import io.reflex.templates.Datastore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The key-value store for rule templates, with the datastore key read from its file when {@code decrypt_kv}
 * first needs it. The rules engine never creates the key (a second key would make every secret unreadable);
 * until the file exists, {@code decrypt_kv} fails and the enforcement records why.
 */
final class KeyFileDatastore implements Datastore {
    private final StateStore store;
    private final Path keyFile;
    private final Clock clock;
    private final StoreDatastore plain;
    private volatile StoreDatastore withKey;

    KeyFileDatastore(StateStore store, Path keyFile, Clock clock) {
        this.store = store;
        this.keyFile = keyFile;
        this.clock = clock;
        this.plain = new StoreDatastore(store, null, clock);
    }

    @Override
    public Optional<String> get(String scope, String name) {
        return plain.get(scope, name);
    }

    @Override
    public String decrypt(String ciphertext) {
        StoreDatastore ds = withKey;
        if (ds == null && Files.isRegularFile(keyFile)) {
            ds = new StoreDatastore(store, new DatastoreCipher(CryptoKeyFile.read(keyFile)), clock);
            withKey = ds;
        }
        return (ds == null ? plain : ds).decrypt(ciphertext);
    }
}
