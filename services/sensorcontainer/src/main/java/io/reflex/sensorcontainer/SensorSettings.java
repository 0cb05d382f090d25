package io.reflex.sensorcontainer;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How this container works, from the configuration.
 *
 * @param memberId this process's id in the {@code sensorcontainer} group
 * @param rebalanceInterval how often the store and the member set are read again without a membership event
 * @param stopTimeout SIGTERM to SIGKILL
 * @param respawn when dead sensors are started again
 * @param python the interpreter of packs without a virtualenv
 * @param validatePayload drop dispatches whose payload does not fit the trigger type
 * @param tokenUser the user of the sensors' API token
 * @param tokenTtl its lifetime (renewed while the container runs)
 * @param apiUrl the API sensors call ({@code ST2_API_URL}), ending in {@code /v1}
 * @param orphanTimeout how long a sensor process may go without a keepalive from this container before it
 *     stops itself (zero: never); see {@link #orphanTimeoutFor}
 */
record SensorSettings(
        String memberId,
        Duration rebalanceInterval,
        Duration stopTimeout,
        RespawnPolicy respawn,
        String python,
        boolean validatePayload,
        String tokenUser,
        Duration tokenTtl,
        String apiUrl,
        Duration orphanTimeout) {
    SensorSettings {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(rebalanceInterval, "rebalanceInterval");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(respawn, "respawn");
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(tokenUser, "tokenUser");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(orphanTimeout, "orphanTimeout");
    }

    /**
     * A quarter of the coordinator session timeout (at least 250 ms). A container whose JVM freezes (stopped,
     * swapped out, a long pause) sends no keepalives, and its sensors stop themselves within this timeout
     * plus as much again for their cleanup: half the session timeout, before the session can expire (the
     * earliest is two thirds of it after the freeze, when the last ping came just before) and another
     * container can take their locks. So a sensor never runs twice even then.
     */
    static Duration orphanTimeoutFor(Duration sessionTimeout) {
        Duration quarter = sessionTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250) : quarter;
    }

    /**
     * How long after its last keepalive a sensor process of a frozen container is gone at the latest: the
     * wrapper notices the silence after the orphan timeout (polling every tenth of a second) and ends within
     * as much again. Zero when the wrapper does not watch.
     */
    Duration orphanLifetime() {
        return orphanTimeout.isPositive() ? orphanTimeout.multipliedBy(2).plusMillis(100) : Duration.ZERO;
    }

    static SensorSettings from(Config config, String memberId) {
        String publicUrl = config.get(ConfigKeys.API_PUBLIC_URL);
        String base = publicUrl.isBlank()
                ? "http://" + config.get(ConfigKeys.service("api").host()) + ":"
                        + config.get(ConfigKeys.service("api").port())
                : publicUrl;
        return new SensorSettings(
                memberId,
                config.get(ConfigKeys.SENSORCONTAINER_REBALANCE_INTERVAL),
                config.get(ConfigKeys.SENSORCONTAINER_STOP_TIMEOUT),
                new RespawnPolicy(
                        config.get(ConfigKeys.SENSORCONTAINER_RESPAWN_DELAY),
                        config.get(ConfigKeys.SENSORCONTAINER_RESPAWN_MAX_DELAY),
                        RespawnPolicy.STACKSTORM_SUCCESS_THRESHOLD),
                config.get(ConfigKeys.SENSORCONTAINER_PYTHON),
                config.get(ConfigKeys.SENSORCONTAINER_VALIDATE_TRIGGER_PAYLOAD),
                config.get(ConfigKeys.SENSORCONTAINER_TOKEN_USER),
                config.get(ConfigKeys.AUTH_SERVICE_TOKEN_TTL),
                base.replaceAll("/+$", "") + "/v1",
                orphanTimeoutFor(config.get(ConfigKeys.COORDINATION_SESSION_TIMEOUT)));
    }
}
