package io.reflex.core.model;

import java.util.List;
import java.util.Objects;

/** A sensor (StackStorm {@code SensorTypeAPI}); its name is its class name. */
public record SensorType(
        String id,
        String name,
        String pack,
        String className,
        String description,
        String artifactUri,
        String entryPoint,
        boolean enabled,
        List<String> triggerTypes,
        Integer pollInterval,
        String metadataFile)
        implements PackFileContent {
    public SensorType {
        Objects.requireNonNull(id, "id");
        Defaults.name("name", name);
        Defaults.refPart("pack", pack);
        className = className == null ? name : className;
        description = Defaults.text(description);
        artifactUri = Defaults.text(artifactUri);
        entryPoint = Defaults.text(entryPoint);
        triggerTypes = Defaults.list(triggerTypes);
        metadataFile = Defaults.text(metadataFile);
    }

    /** This sensor, enabled or disabled. */
    public SensorType withEnabled(boolean on) {
        return new SensorType(
                id,
                name,
                pack,
                className,
                description,
                artifactUri,
                entryPoint,
                on,
                triggerTypes,
                pollInterval,
                metadataFile);
    }

    @Override
    public String resourceType() {
        return "sensor_type";
    }
}
