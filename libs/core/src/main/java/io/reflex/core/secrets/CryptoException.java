package io.reflex.core.secrets;

/**
 * A datastore value could not be encrypted or decrypted: a malformed or tampered ciphertext, a value made
 * with another key, or an unreadable key file. The message never contains key material or plaintext.
 */
public class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
