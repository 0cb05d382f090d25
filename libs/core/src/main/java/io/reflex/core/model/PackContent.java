package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reflex.core.store.Entity;

/**
 * Content that belongs to a pack and is addressed as {@code <pack>.<name>}. Its {@code ref} and
 * {@code uid} are stored with it so stores can look records up by them.
 */
public interface PackContent extends Entity {
    String name();

    String pack();

    /** StackStorm's resource type prefix of the uid, e.g. {@code action}. */
    String resourceType();

    @JsonProperty("ref")
    default String ref() {
        return Refs.of(pack(), name());
    }

    @JsonProperty("uid")
    default String uid() {
        return resourceType() + ":" + pack() + ":" + name();
    }
}
