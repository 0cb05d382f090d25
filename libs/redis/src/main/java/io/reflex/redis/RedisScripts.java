package io.reflex.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lua scripts that make each coordination step atomic on the server. Expiry times are the server's
 * clock ({@code TIME}), so clients need no synchronised clocks; a script runs alone, so "count holders,
 * then grant" cannot interleave with another grant.
 */
final class RedisScripts {
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local function expireAtLatest(key, expiry)
              local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
              local latest = math.max(expiry, tonumber(last[2] or expiry))
              redis.call('PEXPIREAT', key, string.format('%.0f', latest))
            end
            """;

    /** KEYS: semaphore, fence. ARGV: holder, permits, ttl ms. Returns the fencing token, or -1 when full. */
    private static final String ACQUIRE = NOW + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return -1
            end
            local token = redis.call('INCR', KEYS[2])
            local expiry = now + tonumber(ARGV[3])
            redis.call('ZADD', KEYS[1], string.format('%.0f', expiry), ARGV[1])
            expireAtLatest(KEYS[1], expiry)
            return token
            """;

    /** KEYS: semaphore. ARGV: holder, ttl ms. Returns 1 when extended, 0 when the entry had expired or gone. */
    private static final String RENEW = NOW + """
            local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if (not score) or tonumber(score) <= now then
              redis.call('ZREM', KEYS[1], ARGV[1])
              return 0
            end
            local expiry = now + tonumber(ARGV[2])
            redis.call('ZADD', KEYS[1], string.format('%.0f', expiry), ARGV[1])
            expireAtLatest(KEYS[1], expiry)
            return 1
            """;

    /** KEYS: semaphore. ARGV: holder. Compare-and-delete: removes only this holder's entry. */
    private static final String RELEASE = """
            return redis.call('ZREM', KEYS[1], ARGV[1])
            """;

    /** KEYS: member, members, groups. ARGV: json, ttl ms, encoded id, encoded group. Idempotent. */
    private static final String JOIN = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            redis.call('SADD', KEYS[3], ARGV[4])
            -- the index sets live as long as some member heartbeats, then go away on their own
            local keep = tonumber(ARGV[2]) * 2
            for i = 2, 3 do
              if redis.call('PTTL', KEYS[i]) < keep then
                redis.call('PEXPIRE', KEYS[i], keep)
              end
            end
            return 1
            """;

    /** KEYS: member, members, groups. ARGV: encoded id, encoded group. */
    private static final String LEAVE = """
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            if redis.call('SCARD', KEYS[2]) == 0 then
              redis.call('SREM', KEYS[3], ARGV[2])
            end
            return 1
            """;

    /**
     * KEYS: members, groups. ARGV: member key prefix, encoded group. Drops ids whose member key has expired
     * (and the group when none is left); returns the live ones as [id, json, id, json, ...].
     */
    private static final String MEMBERS = """
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local json = redis.call('GET', ARGV[1] .. id)
              if json then
                table.insert(out, id)
                table.insert(out, json)
              else
                redis.call('SREM', KEYS[1], id)
              end
            end
            if #out == 0 then
              redis.call('SREM', KEYS[2], ARGV[2])
            end
            return out
            """;

    private final RedisCommands<String, String> redis;

    RedisScripts(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    long acquire(String semaphore, String fence, String holder, int permits, long ttlMs) {
        Long token = redis.eval(
                ACQUIRE, ScriptOutputType.INTEGER, new String[] {semaphore, fence}, holder, "" + permits, "" + ttlMs);
        return token;
    }

    boolean renew(String semaphore, String holder, long ttlMs) {
        Long renewed = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {semaphore}, holder, "" + ttlMs);
        return renewed == 1L;
    }

    void release(String semaphore, String holder) {
        redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {semaphore}, holder);
    }

    void join(RedisKeys keys, String group, String memberId, String json, long ttlMs) {
        String id = RedisKeys.encode(memberId);
        String[] k = {keys.memberPrefix(group) + id, keys.members(group), keys.groups()};
        redis.eval(JOIN, ScriptOutputType.INTEGER, k, json, "" + ttlMs, id, RedisKeys.encode(group));
    }

    void leave(RedisKeys keys, String group, String memberId) {
        String id = RedisKeys.encode(memberId);
        String[] k = {keys.memberPrefix(group) + id, keys.members(group), keys.groups()};
        redis.eval(LEAVE, ScriptOutputType.INTEGER, k, id, RedisKeys.encode(group));
    }

    /** Live members of the group: decoded id to capabilities JSON. */
    Map<String, String> members(RedisKeys keys, String group) {
        List<Object> flat = redis.eval(
                MEMBERS,
                ScriptOutputType.MULTI,
                new String[] {keys.members(group), keys.groups()},
                keys.memberPrefix(group),
                RedisKeys.encode(group));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(RedisKeys.decode((String) flat.get(i)), (String) flat.get(i + 1));
        }
        return out;
    }

    /** Decoded names of the groups that may have members (stale ones are pruned by {@link #members}). */
    List<String> groups(RedisKeys keys) {
        return redis.smembers(keys.groups()).stream().map(RedisKeys::decode).toList();
    }
}
