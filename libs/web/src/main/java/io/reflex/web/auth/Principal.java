package io.reflex.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is calling: the user name and how they proved it ({@code token}, {@code api_key}, {@code proxy}, or
 * {@code none} when auth is disabled). {@code tokenExpiry} is set for token callers; {@code location} says
 * where the credential was found ({@code header}, {@code query} or {@code cookie}, as StackStorm's
 * {@code GET /user} reports it).
 */
public record Principal(String user, String method, Instant tokenExpiry, String location) {
    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(method, "method");
        location = location == null ? "header" : location;
    }

    public Principal(String user, String method, Instant tokenExpiry) {
        this(user, method, tokenExpiry, "header");
    }

    public Principal withLocation(String newLocation) {
        return new Principal(user, method, tokenExpiry, newLocation);
    }
}
