package io.reflex.core.model;

import java.util.Objects;

public record Tag(String name, String value) {
    public Tag {
        Objects.requireNonNull(name, "name");
        value = value == null ? "" : value;
    }
}
