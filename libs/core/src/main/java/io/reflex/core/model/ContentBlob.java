package io.reflex.core.model;

import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored pack content archive, addressed by its content hash ({@code id}). Its bytes are in
 * {@code chunks} {@link ContentChunk} records, written before this record, so a blob record that exists is
 * complete.
 */
public record ContentBlob(String id, String pack, long size, int chunks, Instant createdAt) implements Entity {
    public ContentBlob {
        Objects.requireNonNull(id, "id");
        Defaults.refPart("pack", pack);
        if (size < 0 || chunks < 0) {
            throw new IllegalArgumentException("size and chunks must be >= 0");
        }
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "created_at"));
    }
}
