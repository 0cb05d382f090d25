package io.reflex.sensorcontainer;

import io.reflex.runtime.config.ConfigException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * StackStorm's hash partitioning: ranges {@code start..end} (half open; {@code MIN} = 0, {@code MAX} =
 * 2^32; values outside are clamped) separated by {@code |}, and the hash of a sensor ref: the MD5 digest
 * as a decimal number, its digits folded from the last with a 32-bit rotate-left-5-and-xor. The same
 * numbers as {@code st2reactor/container/hash_partitioner.py}, so existing range plans carry over.
 */
record HashRanges(List<HashRanges.Range> ranges) {
    /** Hashes from {@code start} (included) to {@code end} (excluded). */
    record Range(long start, long end) {}

    static final long MIN = 0;
    static final long MAX = 1L << 32;

    /** @throws ConfigException on a malformed or inverted range */
    static HashRanges parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String r : text.split("\\|")) {
            String[] bounds = r.strip().split("\\.\\.", -1);
            if (bounds.length != 2) {
                throw new ConfigException("sensorcontainer.hash_ranges: unsupported sub-range format '" + r + "'");
            }
            long start = bound(bounds[0]);
            long end = bound(bounds[1]);
            if (start > end) {
                throw new ConfigException(
                        "sensorcontainer.hash_ranges: misconfigured range [" + start + ".." + end + "]");
            }
            ranges.add(new Range(start, end));
        }
        return new HashRanges(List.copyOf(ranges));
    }

    private static long bound(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("min")) {
            return MIN;
        }
        if (t.equals("max")) {
            return MAX;
        }
        try {
            return Math.max(MIN, Math.min(MAX, Long.parseLong(t)));
        } catch (NumberFormatException e) {
            throw new ConfigException("sensorcontainer.hash_ranges: '" + text + "' is not a number, MIN or MAX");
        }
    }

    boolean contains(String sensorRef) {
        long h = hash(sensorRef);
        return ranges.stream().anyMatch(r -> h >= r.start() && h < r.end());
    }

    static long hash(String sensorRef) {
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(sensorRef.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String digits = new BigInteger(1, md5).toString();
        int h = 0;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int higher = h & 0xf8000000;
            h = (h << 5) ^ (higher >>> 27) ^ (digits.charAt(i) - '0');
        }
        return Integer.toUnsignedLong(h);
    }
}
