package io.reflex.rbac;

import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import java.util.List;
import java.util.Set;

/**
 * Decides what a user may do. Permission names are StackStorm's ({@code <resource_type>_<verb>}, e.g.
 * {@code action_list}, {@code key_value_pair_set}, see {@link PermissionTypes}); resources are named by uid
 * ({@code action:core:local}, {@code pack:core}). With RBAC disabled every user counts as an administrator
 * (StackStorm's noop backend). Implementations answer from memory and never block.
 */
public interface Authorizer {
    boolean enabled();

    /** Administrators (roles {@code system_admin} and {@code admin}) may do everything. */
    boolean isAdmin(String user);

    Set<String> roles(String user);

    /**
     * Whether {@code principal} holds {@code permission} on the resource named by {@code resourceUids} (or
     * globally when none is given). Pass the resource's uid and the uids it inherits from: an execution or
     * an inquiry passes its action's uid (and may add {@code pack:<ref>}), a rule enforcement its rule's.
     * Pack grants are derived from content uids ({@code action:core:local} → {@code pack:core}).
     */
    boolean allowed(Principal principal, String permission, String... resourceUids);

    /** The role definitions in force (system roles only when RBAC is disabled). */
    default RbacDefinitions definitions() {
        return RbacDefinitions.systemOnly();
    }

    /** Every role assignment in force, built-in ones included. */
    default List<RoleAssignment> assignments() {
        return List.of();
    }

    /**
     * @throws ApiException 403 {@code User "x" doesn't have required permission "p" on resource "uid"} (without
     *     the resource part for global permissions) when not allowed
     */
    default void require(Principal principal, String permission, String... resourceUids) {
        if (!allowed(principal, permission, resourceUids)) {
            boolean onResource = resourceUids.length > 0 && !PermissionTypes.isGlobal(permission);
            String on = onResource ? " on resource \"" + resourceUids[0] + "\"" : "";
            throw ApiException.forbidden(
                    "User \"" + principal.user() + "\" doesn't have required permission \"" + permission + "\"" + on);
        }
    }

    /** @throws ApiException 403 unless the caller is an administrator */
    default void requireAdmin(Principal principal, String what) {
        if (!isAdmin(principal.user())) {
            throw ApiException.forbidden("Administrator access required for " + what + ".");
        }
    }

    /** @throws ApiException 403 {@code Administrator access required} (StackStorm's words) for non-administrators */
    default void requireAdmin(Principal principal) {
        if (!isAdmin(principal.user())) {
            throw ApiException.forbidden("Administrator access required");
        }
    }

    /**
     * Administrators, or a user acting on their own records ({@code owner}); always passes with RBAC disabled.
     *
     * @throws ApiException 403 {@code Administrator or self access required}
     */
    default void requireAdminOrSelf(Principal principal, String owner) {
        if (enabled() && !isAdmin(principal.user()) && !principal.user().equals(owner)) {
            throw ApiException.forbidden("Administrator or self access required");
        }
    }

    /**
     * The {@code user=} parameter (on keys, executions, API keys) names someone else only for administrators.
     *
     * @throws ApiException 403 {@code "user" attribute can only be provided by admins}
     */
    default void requireAdminForUser(Principal principal, String user) {
        if (user != null && !user.equals(principal.user()) && !isAdmin(principal.user())) {
            throw ApiException.forbidden("\"user\" attribute can only be provided by admins");
        }
    }

    /** Everyone may do everything: RBAC disabled. */
    Authorizer DISABLED = new Authorizer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean isAdmin(String user) {
            return true;
        }

        @Override
        public Set<String> roles(String user) {
            return Set.of();
        }

        @Override
        public boolean allowed(Principal principal, String permission, String... resourceUids) {
            return true;
        }
    };
}
