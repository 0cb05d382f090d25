package io.reflex.core.execution;

import io.reflex.core.json.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * A runner's claim on a running execution: who owns it, until when, and a fencing token that grows with
 * every claim, so a write from a stale owner can be recognised and refused.
 */
public record ExecutionLease(String owner, Instant expiresAt, long fencingToken) {
    public ExecutionLease {
        Objects.requireNonNull(owner, "owner");
        expiresAt = Timestamps.stored(Objects.requireNonNull(expiresAt, "expires_at"));
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
