package io.reflex.stream;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How the stream service treats its clients.
 *
 * @param heartbeat a connection silent for this long gets a bare-newline keep-alive
 * @param clientBuffer events queued for one client beyond what its socket holds; one more and it is cut
 * @param maskSecrets mask secret parameter values in stored output (events on the log are masked already)
 */
record StreamSettings(Duration heartbeat, int clientBuffer, boolean maskSecrets) {
    StreamSettings {
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.isNegative() || heartbeat.isZero() || clientBuffer < 1) {
            throw new IllegalArgumentException("heartbeat and clientBuffer must be positive");
        }
    }

    static StreamSettings from(Config config) {
        return new StreamSettings(
                config.get(ConfigKeys.STREAM_HEARTBEAT),
                config.get(ConfigKeys.STREAM_CLIENT_BUFFER),
                config.get(ConfigKeys.API_MASK_SECRETS));
    }

    /**
     * How long a resuming client's catch-up may wait for room in its buffer before the client is cut: a
     * client that takes nothing for a whole heartbeat interval is not reading.
     */
    Duration stallLimit() {
        return heartbeat.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : heartbeat;
    }
}
