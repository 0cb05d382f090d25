package io.reflex.core.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The datastore crypto key in StackStorm's (keyczar's) JSON key-file format:
 * {@code {"hmacKey": {"hmacKeyString": ..., "size": 256}, "aesKeyString": ..., "mode": "CBC", "size": 256}},
 * both key strings URL-safe base64 without padding. A key file written by StackStorm works here and the other
 * way round, so values encrypted by either system decrypt in both. {@link #toString()} never shows key
 * material.
 *
 * @param aesKeyString the AES key, URL-safe base64 without padding; {@code size / 8} bytes
 * @param hmacKeyString the HMAC-SHA1 key, URL-safe base64 without padding
 * @param hmacKeySize the HMAC key size in bits, as written in the file
 * @param mode the cipher mode; only {@code CBC} exists
 * @param size the AES key size in bits: 128, 192 or 256
 */
public record CryptoKey(String aesKeyString, String hmacKeyString, int hmacKeySize, String mode, int size) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** StackStorm's default key size (bits) for new keys. */
    public static final int DEFAULT_SIZE = 256;

    public CryptoKey {
        if (!"CBC".equals(mode)) {
            throw new CryptoException("unsupported cipher mode '" + mode + "': only CBC");
        }
        if (size != 128 && size != 192 && size != 256) {
            throw new CryptoException("unsupported AES key size " + size + ": 128, 192 or 256");
        }
        if (decode("aesKeyString", aesKeyString).length * 8 != size) {
            throw new CryptoException("aesKeyString does not hold a " + size + "-bit key");
        }
        if (decode("hmacKeyString", hmacKeyString).length == 0) {
            throw new CryptoException("hmacKeyString is empty");
        }
    }

    /** A new random key: {@code size} bits of AES key and as many bits of HMAC key, like StackStorm's. */
    public static CryptoKey generate(int size) {
        byte[] aes = new byte[size / 8];
        byte[] hmac = new byte[size / 8];
        RANDOM.nextBytes(aes);
        RANDOM.nextBytes(hmac);
        return new CryptoKey(encode(aes), encode(hmac), size, "CBC", size);
    }

    /**
     * Reads the key-file JSON.
     *
     * @throws CryptoException naming the missing or bad field
     */
    public static CryptoKey fromJson(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new CryptoException("key file is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CryptoException("key file must hold a JSON object");
        }
        return new CryptoKey(
                text(root, "aesKeyString"),
                text(root.path("hmacKey"), "hmacKeyString"),
                number(root.path("hmacKey"), "size"),
                text(root, "mode").toUpperCase(java.util.Locale.ROOT),
                number(root, "size"));
    }

    /** The key-file JSON, field for field what StackStorm writes. */
    public String toJson() {
        ObjectNode o = Json.object();
        o.putObject("hmacKey").put("hmacKeyString", hmacKeyString).put("size", hmacKeySize);
        o.put("aesKeyString", aesKeyString).put("mode", mode).put("size", size);
        return Json.write(o);
    }

    byte[] aesKey() {
        return decode("aesKeyString", aesKeyString);
    }

    byte[] hmacKey() {
        return decode("hmacKeyString", hmacKeyString);
    }

    @Override
    public String toString() {
        return "CryptoKey[mode=" + mode + ", size=" + size + ", hmac_size=" + hmacKeySize + "]";
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** keyczar's web-safe base64: whitespace ignored, padding optional. */
    private static byte[] decode(String field, String value) {
        if (value == null) {
            throw new CryptoException("key file lacks '" + field + "'");
        }
        try {
            return Base64.getUrlDecoder().decode(value.replaceAll("\\s", "").replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new CryptoException("'" + field + "' is not URL-safe base64");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new CryptoException("key file lacks the string '" + field + "'");
        }
        return v.asText();
    }

    private static int number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.canConvertToInt()) {
            return v.asInt();
        }
        if (v != null && v.isTextual() && v.asText().matches("\\d{1,6}")) {
            return Integer.parseInt(v.asText());
        }
        throw new CryptoException("key file lacks the integer '" + field + "'");
    }
}
