package io.reflex.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;

/**
 * The password hashes Apache's {@code htpasswd} writes: bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}),
 * Apache MD5 ({@code $apr1$}), SHA-1 ({@code {SHA}}), and the crypt(3) forms {@code $1$}, {@code $5$},
 * {@code $6$} and DES. New hashes are bcrypt {@code $2y$}. Comparisons are constant-time; a malformed hash
 * never matches.
 */
final class PasswordHashes {
    /** Cost of new bcrypt hashes (2^12 rounds: ~0.2 s here, the price of one login). */
    static final int BCRYPT_COST = 12;

    private static final BCrypt.Version Y = BCrypt.Version.VERSION_2Y;

    private PasswordHashes() {}

    static String bcrypt(String password) {
        return BCrypt.with(Y, LongPasswordStrategies.truncate(Y)).hashToString(BCRYPT_COST, password.toCharArray());
    }

    static boolean verify(String password, String hash) {
        try {
            if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")) {
                return BCrypt.verifyer(Y, LongPasswordStrategies.truncate(Y))
                        .verify(password.toCharArray(), hash)
                        .verified;
            }
            byte[] pw = password.getBytes(StandardCharsets.UTF_8);
            String computed;
            if (hash.startsWith("$apr1$")) {
                computed = Md5Crypt.apr1Crypt(pw, hash);
            } else if (hash.startsWith("$1$")) {
                computed = Md5Crypt.md5Crypt(pw, hash);
            } else if (hash.startsWith("$5$")) {
                computed = Sha2Crypt.sha256Crypt(pw, hash);
            } else if (hash.startsWith("$6$")) {
                computed = Sha2Crypt.sha512Crypt(pw, hash);
            } else if (hash.startsWith("{SHA}")) {
                computed = "{SHA}" + Base64.getEncoder().encodeToString(sha1(pw));
            } else if (hash.length() == 13) {
                computed = UnixCrypt.crypt(pw, hash);
            } else {
                return false;
            }
            return MessageDigest.isEqual(
                    computed.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
