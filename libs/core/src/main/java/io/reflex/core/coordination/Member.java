package io.reflex.core.coordination;

import java.util.Map;
import java.util.Objects;

/** A live member of a group: its id and what it advertised when joining. */
public record Member(String id, Map<String, String> capabilities) {
    public Member {
        Objects.requireNonNull(id, "id");
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
    }
}
