package io.reflex.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Record ids in the form StackStorm clients expect: 24 lower-case hex digits laid out like a MongoDB
 * ObjectId (4-byte seconds, 5 random bytes fixed per process, 3-byte counter), so ids sort roughly by
 * creation time. Ids derived from content ({@link #derived}) are used where redelivery must find the
 * record that already exists.
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("^[0-9a-f]{24}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());
    private static final MessageDigest SHA_256;

    static {
        RANDOM.nextBytes(PROCESS);
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Ids() {}

    public static String newId() {
        byte[] b = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        b[0] = (byte) (seconds >>> 24);
        b[1] = (byte) (seconds >>> 16);
        b[2] = (byte) (seconds >>> 8);
        b[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, b, 4, 5);
        int c = COUNTER.getAndIncrement();
        b[9] = (byte) (c >>> 16);
        b[10] = (byte) (c >>> 8);
        b[11] = (byte) c;
        return HexFormat.of().formatHex(b);
    }

    /**
     * A deterministic id for the given parts (SHA-256 of the parts joined by NUL, first 12 bytes): the same
     * parts always give the same id, so a producer can name an effect before it exists.
     */
    public static String derived(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        byte[] hash = digest.digest();
        return HexFormat.of().formatHex(hash, 0, 12);
    }

    /**
     * A fresh SHA-256 digest, cloned from one looked up once: every execution derives several ids, and the
     * provider lookup of {@code MessageDigest.getInstance} costs more than the digest itself.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException missing) {
                throw new IllegalStateException(missing);
            }
        }
    }

    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
