package io.reflex.executions;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.secrets.CryptoException;
import io.reflex.core.secrets.CryptoKeyFile;
import io.reflex.core.secrets.DatastoreCipher;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The key-value store as templates see it ({@code st2kv.system.x}, {@code st2kv.user.x},
 * {@code decrypt_kv}): expired keys do not exist; secrets are read as stored (ciphertext) and decrypted only
 * by {@code decrypt_kv}, with this installation's datastore key.
 *
 * <p>The one datastore-key loading policy for every process that renders templates (rules, actions,
 * notifications, workflows): {@link #readingKeyFile} reads the key file when {@code decrypt_kv} first needs
 * it and never creates it. Only the api creates the key (see {@code KeysSecrets}); a second key made by
 * another process would make every stored secret unreadable. Until the file exists {@code decrypt_kv} fails
 * with a clear message, and it works as soon as the api has written the file.
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

    /** A datastore whose key is read from {@code keyFile} when {@code decrypt_kv} first needs it. */
    public static Datastore readingKeyFile(StateStore store, Path keyFile, Clock clock) {
        return new KeyFileDatastore(store, keyFile, clock);
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

    private static final class KeyFileDatastore implements Datastore {
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
            if (ds == null && keyFile != null && Files.isRegularFile(keyFile)) {
                try {
                    ds = new StoreDatastore(store, new DatastoreCipher(CryptoKeyFile.read(keyFile)), clock);
                } catch (CryptoException e) {
                    throw new TemplateException(
                            "decrypt_kv: the datastore key in " + keyFile + " is unusable: " + e.getMessage());
                }
                withKey = ds;
            }
            return (ds == null ? plain : ds).decrypt(ciphertext);
        }
    }
}
