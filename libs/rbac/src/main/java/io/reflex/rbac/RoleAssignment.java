package io.reflex.rbac;

import io.reflex.core.store.Ids;
import java.util.Objects;

/**
 * One user holding one role, as StackStorm's {@code UserRoleAssignment}: {@code source} names where it comes
 * from (the assignment file, or {@code config} for the built-in administrator account).
 */
public record RoleAssignment(String user, String role, String source, String description, boolean remote) {
    public RoleAssignment {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        source = source == null ? "" : source;
        description = description == null ? "" : description;
    }

    /** A stable id derived from (user, role, source). */
    public String id() {
        return Ids.derived("role_assignment", user, role, source);
    }
}
