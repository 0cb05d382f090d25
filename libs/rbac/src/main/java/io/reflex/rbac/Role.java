package io.reflex.rbac;

import io.reflex.core.store.Ids;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A role: named grants of permission types, each on one resource uid or (null) globally. */
public record Role(String name, String description, boolean system, boolean enabled, List<Grant> grants) {
    public static final String SYSTEM_ADMIN = "system_admin";
    public static final String ADMIN = "admin";
    public static final String OBSERVER = "observer";

    public record Grant(String resourceUid, Set<String> permissionTypes) {
        public Grant {
            permissionTypes = Set.copyOf(permissionTypes);
        }

        /** {@code action:core:local} → {@code action}; null for a global grant. */
        public String resourceType() {
            return resourceUid == null ? null : resourceUid.split(":", 2)[0];
        }
    }

    public Role {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        grants = List.copyOf(grants);
    }

    /** A stable id derived from the name (roles live in definition files, not in the store). */
    public String id() {
        return Ids.derived("role", name);
    }

    /** The stable id of the grant at {@code index} of this role. */
    public String grantId(int index) {
        return Ids.derived("permission_grant", name, Integer.toString(index));
    }

    /** The three roles every deployment has; they cannot be changed by definition files. */
    public static List<Role> systemRoles() {
        return List.of(
                new Role(SYSTEM_ADMIN, "Full access, cannot be revoked.", true, true, List.of()),
                new Role(ADMIN, "Full access.", true, true, List.of()),
                new Role(OBSERVER, "Read access to everything.", true, true, List.of()));
    }
}
