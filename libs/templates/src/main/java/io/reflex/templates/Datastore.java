package io.reflex.templates;

import java.util.Optional;

/**
 * What templates may read from the key-value store, and how secrets are decrypted. Implementations block
 * (they call the store) and must be safe to call from several threads.
 */
public interface Datastore {
    /** The stored value of {@code name} in {@code scope} ({@code st2kv.system} or {@code st2kv.user}), as stored. */
    Optional<String> get(String scope, String name);

    /** Plain text of a secret value as stored (ciphertext); throws when it cannot be decrypted. */
    String decrypt(String ciphertext);

    /** A datastore with nothing in it (templates without st2kv). */
    Datastore EMPTY = new Datastore() {
        @Override
        public Optional<String> get(String scope, String name) {
            return Optional.empty();
        }

        @Override
        public String decrypt(String ciphertext) {
            throw new TemplateException("decrypt_kv: no datastore key available");
        }
    };
}
