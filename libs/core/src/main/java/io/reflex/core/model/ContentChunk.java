package io.reflex.core.model;

import io.reflex.core.store.Entity;
import java.util.Objects;

/** One piece (base64) of a {@link ContentBlob}; {@code index} counts from 0. */
public record ContentChunk(String id, String blob, int index, String data) implements Entity {
    public ContentChunk {
        Objects.requireNonNull(id, "id");
        Defaults.required("blob", blob);
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0");
        }
        data = Defaults.text(data);
    }
}
