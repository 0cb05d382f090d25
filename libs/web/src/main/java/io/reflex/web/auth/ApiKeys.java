package io.reflex.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key material the way StackStorm makes and stores it: a key is URL-safe base64 of the SHA-256 hex of
 * 256 random bytes (padding dropped); only {@code sha512("saltnpepper" + key)} (hex) is stored, so keys
 * created by either system are accepted by both.
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SALT = "saltnpepper";

    private ApiKeys() {}

    public static String newKey() {
        byte[] random = new byte[256];
        RANDOM.nextBytes(random);
        String hex = HexFormat.of().formatHex(sha("SHA-256", random));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
    }

    public static String hash(String key) {
        return HexFormat.of().formatHex(sha("SHA-512", (SALT + key).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
