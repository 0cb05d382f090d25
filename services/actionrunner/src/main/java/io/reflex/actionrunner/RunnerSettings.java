package io.reflex.actionrunner;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.templates.TemplateSettings;
import io.reflex.templates.TemplateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How this action runner works, from the configuration.
 *
 * @param owner the lease owner written on claimed executions (this process's member id)
 * @param concurrency executions handled at once (the bus prefetch)
 * @param leaseTtl lease length; renewed every third of it
 * @param resultInlineLimit largest result kept inside the execution record, in bytes of JSON
 * @param grace how long in-flight executions may take to finish on shutdown
 * @param apiUrl the public API URL actions call back ({@code ST2_ACTION_API_URL}), ending in {@code /v1}
 * @param systemUser the user of executions that name none, and of remote actions without a username
 * @param serviceTokenTtl lifetime of an execution's temporary token ({@code auth.service_token_ttl}, as
 *     StackStorm's runner container mints it)
 * @param templateLimits what rendering an execution's parameters (and an action chain's templates) may cost
 * @param treesDir where running actions' sessions are recorded for the next runner on this data directory
 *     ({@code <data_dir>/actionrunner/trees}; null: not recorded)
 */
record RunnerSettings(
        String owner,
        int concurrency,
        Duration leaseTtl,
        int resultInlineLimit,
        Duration grace,
        String apiUrl,
        String systemUser,
        Duration serviceTokenTtl,
        TemplateLimits templateLimits,
        Path treesDir) {
    RunnerSettings {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(templateLimits, "templateLimits");
        Objects.requireNonNull(serviceTokenTtl, "serviceTokenTtl");
        if (concurrency < 1 || leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("concurrency must be >= 1 and the lease ttl positive");
        }
    }

    static RunnerSettings from(Config config, String owner) {
        String publicUrl = config.get(ConfigKeys.API_PUBLIC_URL);
        String base = publicUrl.isBlank()
                ? "http://" + config.get(ConfigKeys.service("api").host()) + ":"
                        + config.get(ConfigKeys.service("api").port())
                : publicUrl;
        return new RunnerSettings(
                owner,
                config.get(ConfigKeys.ACTIONRUNNER_CONCURRENCY),
                config.get(ConfigKeys.ACTIONRUNNER_LEASE_TTL),
                config.get(ConfigKeys.ACTIONRUNNER_RESULT_INLINE_LIMIT),
                config.get(ConfigKeys.SHUTDOWN_GRACE),
                base.replaceAll("/+$", "") + "/v1",
                config.get(ConfigKeys.ACTIONRUNNER_SYSTEM_USER),
                config.get(ConfigKeys.AUTH_SERVICE_TOKEN_TTL),
                TemplateSettings.limits(config),
                config.get(ConfigKeys.DATA_DIR).resolve("actionrunner").resolve("trees"));
    }

    /**
     * How long before its lease expires an execution whose lease was not renewed has its processes killed
     * (by this runner, or by the action's supervisor when this runner is frozen): a sixth of the lease, so
     * that they are gone before the reaper can see the lease expired, even with that much clock skew. Asked
     * every time a running action is looked at, so in whole nanoseconds ({@code Duration.dividedBy} goes through
     * {@code BigDecimal}).
     */
    Duration killMargin() {
        return Duration.ofNanos(leaseTtl.toNanos() / 6);
    }

    /** How often the record of a running execution is looked at (cancel requests, lost leases). */
    Duration watchInterval() {
        return Duration.ofMillis(Math.max(50, Math.min(1000, leaseTtl.toMillis() / 3)));
    }
}
