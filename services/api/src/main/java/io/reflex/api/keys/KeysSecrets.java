package io.reflex.api.keys;

import io.reflex.core.secrets.CryptoException;
import io.reflex.core.secrets.CryptoKeyFile;
import io.reflex.core.secrets.DatastoreCipher;
import io.reflex.web.ApiException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datastore key of this api node and what the keys API does with it. Without a usable key file the API
 * still serves plain keys, and secret writes fail with StackStorm's 400 (as st2api does without a key).
 */
public final class KeysSecrets {
    private static final Logger log = LoggerFactory.getLogger(KeysSecrets.class);

    private final String keyFile;
    private final DatastoreCipher cipher;

    public KeysSecrets(String keyFile, DatastoreCipher cipher) {
        this.keyFile = keyFile;
        this.cipher = cipher;
    }

    /** Reads {@code keyFile}, creating it with a new key on first start; null or unusable means no secrets. */
    public static KeysSecrets open(Path keyFile) {
        if (keyFile == null) {
            return new KeysSecrets("(not configured)", null);
        }
        try {
            return new KeysSecrets(keyFile.toString(), new DatastoreCipher(CryptoKeyFile.loadOrCreate(keyFile)));
        } catch (CryptoException e) {
            log.error("datastore key unusable, secrets disabled path={} error={}", keyFile, e.getMessage());
            return new KeysSecrets(keyFile.toString(), null);
        }
    }

    /** The datastore cipher, or null when this node has no usable key. */
    public DatastoreCipher cipher() {
        return cipher;
    }

    /** @throws ApiException 400 when there is no key */
    String encrypt(String keyRef, String plaintext) {
        return cipher(keyRef).encrypt(plaintext);
    }

    /**
     * A client-encrypted value ({@code encrypted: true}) is stored as is, but only if it really decrypts with
     * this node's key; otherwise nobody could ever read it back.
     *
     * @throws ApiException 400 with StackStorm's message
     */
    void verify(String keyRef, String ciphertext) {
        if (!cipher(keyRef).verifies(ciphertext)) {
            throw ApiException.badRequest("Failed to verify the integrity of the provided value for key \"" + keyRef
                    + "\". Ensure that the value is encrypted with the correct key and not corrupted.");
        }
    }

    /** @throws ApiException 500 when a stored secret does not decrypt (the key file was replaced) */
    public String decrypt(String keyRef, String ciphertext) {
        try {
            return cipher(keyRef).decrypt(ciphertext);
        } catch (CryptoException e) {
            log.error("stored secret does not decrypt key={} error={}", keyRef, e.getMessage());
            throw new ApiException(
                    500, "Unable to decrypt the value of key \"" + keyRef + "\" with this node's crypto key.");
        }
    }

    private DatastoreCipher cipher(String keyRef) {
        if (cipher == null) {
            throw ApiException.badRequest("Crypto key not found in " + keyFile
                    + ". Unable to encrypt / decrypt value for key " + keyRef + ".");
        }
        return cipher;
    }
}
