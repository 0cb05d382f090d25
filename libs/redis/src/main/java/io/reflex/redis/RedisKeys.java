package io.reflex.redis;

import io.reflex.core.coordination.CoordinationCodec;

/**
 * The key layout of one namespace. Every key starts with {@code {<namespace>}:} so a namespace hashes to one
 * cluster slot (the scripts build member keys from ids). User-given names are percent-encoded
 * ({@link CoordinationCodec}) so a {@code :} inside a name cannot make two different (group, member) pairs
 * share a key.
 *
 * <pre>
 * {ns}:sem:&lt;name&gt;          sorted set: holder id -> expiry (server ms)
 * {ns}:fence:&lt;name&gt;        counter: the last fencing token granted for the name (never expires)
 * {ns}:leader:&lt;group&gt;      sorted set holding the leader's lease; {ns}:leader-fence:&lt;group&gt; its terms
 * {ns}:member:&lt;group&gt;:&lt;id&gt; string with TTL: the member's capabilities as JSON
 * {ns}:members:&lt;group&gt;     set of (encoded) member ids that may be alive (2 TTLs after the last join)
 * {ns}:groups               set of (encoded) group names that may have members (likewise)
 * </pre>
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        this.prefix = "{" + namespace + "}:";
    }

    String prefix() {
        return prefix;
    }

    String semaphore(String name) {
        return prefix + "sem:" + encode(name);
    }

    String fence(String name) {
        return prefix + "fence:" + encode(name);
    }

    String leader(String group) {
        return prefix + "leader:" + encode(group);
    }

    String leaderFence(String group) {
        return prefix + "leader-fence:" + encode(group);
    }

    /** The member key is this prefix followed by the encoded member id. */
    String memberPrefix(String group) {
        return prefix + "member:" + encode(group) + ":";
    }

    String members(String group) {
        return prefix + "members:" + encode(group);
    }

    String groups() {
        return prefix + "groups";
    }

    static String encode(String name) {
        return CoordinationCodec.encodeName(name);
    }

    static String decode(String encoded) {
        return CoordinationCodec.decodeName(encoded);
    }
}
