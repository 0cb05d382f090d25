package io.reflex.gc;

import io.reflex.executions.retention.PurgeKind;
import io.reflex.executions.retention.RetentionPeriod;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKey;
import io.reflex.runtime.config.ConfigKeys;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gc's settings: a retention period per kind ({@link Duration#ZERO}: that kind is never deleted), the
 * pause between cycles and between kinds, the batch size, and whether inquiries time out.
 *
 * <p>Kinds that are history (executions, their output, trigger instances, rule enforcements) must be kept at
 * least {@link #MINIMUM_TTL} when enabled, as StackStorm requires ({@code MINIMUM_TTL_DAYS}): a typo such
 * as {@code 30s} for {@code 30d} would otherwise wipe the whole history on the next cycle. Tokens and
 * datastore keys count from their expiry, so any period is allowed.
 */
record GcSettings(
        Map<PurgeKind, Duration> ttls,
        Duration collectionInterval,
        Duration sleepDelay,
        int batchSize,
        boolean purgeInquiries,
        String systemUser) {
    static final Duration MINIMUM_TTL = Duration.ofDays(1);

    /** The key of each kind, in {@link PurgeKind} order. */
    static final Map<PurgeKind, ConfigKey<String>> KEYS = keys();

    GcSettings {
        ttls = Map.copyOf(ttls);
        Objects.requireNonNull(collectionInterval, "collectionInterval");
        Objects.requireNonNull(sleepDelay, "sleepDelay");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
    }

    /** @throws ConfigException naming the key when a period is malformed or below the minimum */
    static GcSettings from(Config config) {
        Map<PurgeKind, Duration> ttls = new EnumMap<>(PurgeKind.class);
        KEYS.forEach((kind, key) -> ttls.put(kind, ttl(kind, key, config.get(key))));
        return new GcSettings(
                ttls,
                config.get(ConfigKeys.GC_COLLECTION_INTERVAL),
                config.get(ConfigKeys.GC_SLEEP_DELAY),
                config.get(ConfigKeys.GC_BATCH_SIZE),
                config.get(ConfigKeys.GC_PURGE_INQUIRIES),
                config.get(ConfigKeys.RULESENGINE_SYSTEM_USER));
    }

    /** The retention of {@code kind}; zero when it is never deleted. */
    Duration ttl(PurgeKind kind) {
        return ttls.getOrDefault(kind, Duration.ZERO);
    }

    static Duration ttl(PurgeKind kind, ConfigKey<String> key, String text) {
        Duration d;
        try {
            d = RetentionPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config key '" + key.name() + "': " + e.getMessage() + "; 0 disables it");
        }
        if (!d.isZero() && hasMinimum(kind) && d.compareTo(MINIMUM_TTL) < 0) {
            throw new ConfigException("config key '" + key.name() + "': " + RetentionPeriod.format(d)
                    + " is below the minimum of 1 day (StackStorm's MINIMUM_TTL_DAYS); write e.g. 30d, or 0 to never"
                    + " delete " + kind.cliName());
        }
        return d;
    }

    private static boolean hasMinimum(PurgeKind kind) {
        return kind != PurgeKind.TOKENS && kind != PurgeKind.KEYS;
    }

    private static Map<PurgeKind, ConfigKey<String>> keys() {
        Map<PurgeKind, ConfigKey<String>> m = new EnumMap<>(PurgeKind.class);
        m.put(PurgeKind.EXECUTIONS, ConfigKeys.GC_ACTION_EXECUTIONS_TTL);
        m.put(PurgeKind.OUTPUT, ConfigKeys.GC_ACTION_EXECUTIONS_OUTPUT_TTL);
        m.put(PurgeKind.TRIGGER_INSTANCES, ConfigKeys.GC_TRIGGER_INSTANCES_TTL);
        m.put(PurgeKind.TOKENS, ConfigKeys.GC_TOKENS_TTL);
        m.put(PurgeKind.RULE_ENFORCEMENTS, ConfigKeys.GC_RULE_ENFORCEMENTS_TTL);
        m.put(PurgeKind.KEYS, ConfigKeys.GC_KEYS_TTL);
        return Collections.unmodifiableMap(m);
    }
}
