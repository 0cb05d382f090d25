package io.reflex.sensorcontainer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Decides which enabled sensors this container runs (StackStorm's partition providers, plus Reflex's
 * membership provider). Whatever it decides, a sensor runs only while its container holds the sensor's
 * coordinator lock, so two containers never run one sensor at once even when their views differ.
 */
interface Partitioner {
    /** The provider's name as configured ({@code membership}, {@code default}, {@code kvstore}, ...). */
    String name();

    /**
     * The sensors to run here. Called on the container's loop thread; may read the store (kvstore) or a
     * file, and throws when it cannot decide (the container then keeps what it runs and tries again).
     *
     * @param enabled refs of the enabled sensors
     * @param members ids of the live containers of the group (only the membership provider uses them)
     */
    Set<String> owned(Collection<String> enabled, Set<String> members);

    /**
     * What the container advertises in its group so that the others can tell how it takes sensors (see
     * {@link SensorContainer#sharing} and {@link SensorContainer#dedicatedElsewhere}).
     */
    default Map<String, String> capabilities() {
        return Map.of(SensorContainer.PROVIDER, name());
    }
}
