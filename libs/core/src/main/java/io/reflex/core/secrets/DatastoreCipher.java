package io.reflex.core.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts datastore secrets exactly as StackStorm does (its keyczar-compatible {@code symmetric_encrypt}),
 * so ciphertexts move freely between the two systems. A ciphertext is the upper-case hex of
 * {@code header(5) + IV(16) + AES-CBC(PKCS#5-padded UTF-8 plaintext) + HMAC-SHA1(header + IV + ciphertext)}.
 * The header is five ASCII {@code '0'} bytes on encryption (StackStorm ignores its value); on decryption it is
 * only covered by the HMAC, so values written by the original keyczar library (version byte + key hash) still
 * decrypt. Thread-safe; pure CPU.
 */
public final class DatastoreCipher {
    static final int HEADER_SIZE = 5;
    static final int BLOCK_SIZE = 16;
    static final int HMAC_SIZE = 20;
    private static final byte[] HEADER = "00000".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CryptoKey key;
    private final SecretKeySpec aes;
    private final SecretKeySpec hmac;

    public DatastoreCipher(CryptoKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.aes = new SecretKeySpec(key.aesKey(), "AES");
        this.hmac = new SecretKeySpec(key.hmacKey(), "HmacSHA1");
    }

    public CryptoKey key() {
        return key;
    }

    /** Encrypts {@code plaintext} with a fresh random IV: the same value encrypts differently every time. */
    public String encrypt(String plaintext) {
        byte[] iv = new byte[BLOCK_SIZE];
        RANDOM.nextBytes(iv);
        return encrypt(plaintext, iv);
    }

    /** With a chosen IV: for known-answer tests only (a reused IV leaks equal prefixes). */
    String encrypt(String plaintext, byte[] iv) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv));
            byte[] body = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer msg = ByteBuffer.allocate(HEADER_SIZE + BLOCK_SIZE + body.length + HMAC_SIZE);
            msg.put(HEADER).put(iv).put(body);
            msg.put(mac(msg.array(), HEADER_SIZE + BLOCK_SIZE + body.length));
            return HexFormat.of().withUpperCase().formatHex(msg.array());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the HMAC (in constant time) before anything else, then decrypts.
     *
     * @throws CryptoException when the text is not such a ciphertext, was tampered with or made with another
     *     key; the message says which without revealing anything about the plaintext
     */
    public String decrypt(String ciphertext) {
        byte[] all = unhex(ciphertext);
        if (all.length < HEADER_SIZE + BLOCK_SIZE + HMAC_SIZE) {
            throw new CryptoException("Invalid or malformed ciphertext (too short)");
        }
        int signed = all.length - HMAC_SIZE;
        byte[] signature = Arrays.copyOfRange(all, signed, all.length);
        if (!MessageDigest.isEqual(mac(all, signed), signature)) {
            throw new CryptoException("Invalid ciphertext: the signature does not match (tampered or another key)");
        }
        int bodyLength = signed - HEADER_SIZE - BLOCK_SIZE;
        if (bodyLength == 0 || bodyLength % BLOCK_SIZE != 0) {
            throw new CryptoException("Invalid or malformed ciphertext (not whole AES blocks)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(all, HEADER_SIZE, BLOCK_SIZE));
            byte[] plain = cipher.doFinal(all, HEADER_SIZE + BLOCK_SIZE, bodyLength);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Invalid or malformed ciphertext (bad padding)");
        } catch (CharacterCodingException e) {
            throw new CryptoException("Invalid ciphertext: the plaintext is not UTF-8");
        }
    }

    /** Whether {@code ciphertext} decrypts with this key (what {@code encrypted: true} writes must pass). */
    public boolean verifies(String ciphertext) {
        try {
            decrypt(ciphertext);
            return true;
        } catch (CryptoException e) {
            return false;
        }
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA1");
            m.init(hmac);
            m.update(data, 0, length);
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC failed: " + e.getMessage(), e);
        }
    }

    private static byte[] unhex(String text) {
        if (text == null || text.length() % 2 != 0) {
            throw new CryptoException("Invalid or malformed ciphertext (not an even number of hex digits)");
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("Invalid or malformed ciphertext (not hex)");
        }
    }
}
