package io.reflex.rbac;

import io.reflex.web.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * StackStorm's RBAC model (st2-rbac-backend's resolvers): a whitelist; a user's permissions are the union of
 * the grants of all their roles.
 *
 * <ul>
 *   <li>{@code system_admin} and {@code admin} may do everything; {@code observer} holds every {@code view},
 *       {@code list} and {@code search} permission.
 *   <li>Global permissions (every {@code *_list}, {@code pack_install}, {@code api_key_create}, …) are held
 *       through a grant naming exactly that type.
 *   <li>On a resource, a grant naming the type or {@code <resource>_all} on the resource's uid counts; for
 *       pack content (actions, aliases, rules, sensor types, policies) a grant on {@code pack:<ref>} counts too;
 *       {@code create}, {@code modify}, {@code delete} and {@code execute} imply {@code view}.
 *   <li>Executions inherit from their action: {@code execution_view} needs {@code action_view},
 *       {@code execution_rerun}/{@code execution_stop} need {@code action_execute}; rule enforcements inherit
 *       from their rule; inquiries from inquiry grants or {@code action_execute} on the workflow's action.
 *   <li>Key-value pairs: everyone may list, and may do anything with their own user-scoped pairs
 *       ({@code key_value_pair:st2kv.user:<user>:<name>}); other users' pairs are for administrators.
 * </ul>
 */
public final class RoleBasedAuthorizer implements Authorizer {
    /** Resource types that live in packs: grants on their pack apply to them. */
    static final Set<String> PACK_CONTENT = Set.of("action", "action_alias", "rule", "sensor_type", "policy");

    private static final Set<String> READ_NAMES = Set.of("view", "list", "search");
    private static final String KV = "key_value_pair";
    private static final String USER_SCOPE = "st2kv.user";

    private final RbacDefinitions definitions;
    private final Map<String, Set<String>> builtInAssignments;

    /** @param builtInAssignments assignments that always hold, e.g. the admin account → system_admin */
    public RoleBasedAuthorizer(RbacDefinitions definitions, Map<String, Set<String>> builtInAssignments) {
        this.definitions = definitions;
        this.builtInAssignments = Map.copyOf(builtInAssignments);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public RbacDefinitions definitions() {
        return definitions;
    }

    @Override
    public List<RoleAssignment> assignments() {
        List<RoleAssignment> out = new ArrayList<>();
        builtInAssignments.forEach((user, roles) -> roles.forEach(r -> out.add(new RoleAssignment(
                user, r, "config", "Built-in assignment of the administrator account (auth.admin_user).", false))));
        out.addAll(definitions.assignmentList());
        return out;
    }

    @Override
    public Set<String> roles(String user) {
        Set<String> out = new TreeSet<>(builtInAssignments.getOrDefault(user, Set.of()));
        out.addAll(definitions.assignments().getOrDefault(user, Set.of()));
        out.removeIf(r -> !definitions.roles().containsKey(r)
                || !definitions.roles().get(r).enabled());
        return out;
    }

    @Override
    public boolean isAdmin(String user) {
        Set<String> r = roles(user);
        return r.contains(Role.SYSTEM_ADMIN) || r.contains(Role.ADMIN);
    }

    @Override
    public boolean allowed(Principal principal, String permission, String... resourceUids) {
        Set<String> roles = roles(principal.user());
        if (roles.contains(Role.SYSTEM_ADMIN) || roles.contains(Role.ADMIN)) {
            return true;
        }
        List<Role.Grant> grants = new ArrayList<>();
        roles.forEach(r -> grants.addAll(definitions.roles().get(r).grants()));
        boolean observerRead = roles.contains(Role.OBSERVER) && READ_NAMES.contains(PermissionTypes.nameOf(permission));
        String type = PermissionTypes.resourceTypeOf(permission);
        if (type.equals(KV)) {
            return keyValue(principal.user(), grants, permission, observerRead, resourceUids);
        }
        if (observerRead) {
            return true;
        }
        if (checkedGlobally(permission, resourceUids.length)) {
            return global(grants, permission);
        }
        return switch (type) {
            case "execution" -> execution(grants, permission, resourceUids);
            case "rule_enforcement" -> inherited(grants, "rule", viewOrAll("rule", "rule_view"), resourceUids);
            case "inquiry" ->
                global(grants, "inquiry_view", "inquiry_respond", "inquiry_all")
                        || inherited(grants, "action", Set.of("action_execute", "action_all"), resourceUids);
            default -> onResource(grants, type, implying(type, permission), resourceUids);
        };
    }

    /**
     * Global types are checked without looking at resources, except the two StackStorm checks on a resource:
     * {@code policy_create} (on the policy and its pack) and inquiry view/respond (via the workflow's action).
     */
    static boolean checkedGlobally(String permission, int uidCount) {
        if (uidCount == 0) {
            return true;
        }
        boolean onResourceAnyway = permission.equals("policy_create")
                || (permission.startsWith("inquiry_") && !permission.equals("inquiry_list"));
        return PermissionTypes.isGlobal(permission) && !onResourceAnyway;
    }

    /** Whether any grant names one of {@code permissions} (StackStorm checks global types on any grant). */
    static boolean global(List<Role.Grant> grants, String... permissions) {
        for (Role.Grant g : grants) {
            for (String p : permissions) {
                if (g.permissionTypes().contains(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The types that grant {@code permission} on a resource: itself, {@code _all}, and for view the writers. */
    static Set<String> implying(String type, String permission) {
        return PermissionTypes.nameOf(permission).equals("view")
                ? viewOrAll(type, permission)
                : Set.of(permission, type + "_all");
    }

    private static Set<String> viewOrAll(String type, String view) {
        Set<String> out = new TreeSet<>(Set.of(view, type + "_all"));
        for (String verb : List.of("create", "modify", "delete", "execute")) {
            out.add(type + "_" + verb);
        }
        return out;
    }

    private static boolean execution(List<Role.Grant> grants, String permission, String... uids) {
        String onAction = switch (permission) {
            case "execution_view" -> "action_view";
            case "execution_rerun", "execution_stop" -> "action_execute";
            case "execution_all" -> "action_all";
            default -> null;
        };
        if (onResource(grants, "execution", Set.of(permission, "execution_all"), uids)) {
            return true;
        }
        return onAction != null && inherited(grants, "action", Set.of(onAction, "action_all"), uids);
    }

    /** {@code types} granted on any of the {@code parentType} uids among {@code uids}, or on their packs. */
    private static boolean inherited(List<Role.Grant> grants, String parentType, Set<String> types, String... uids) {
        List<String> parents = new ArrayList<>();
        for (String uid : uids) {
            if (uid != null && (uid.startsWith(parentType + ":") || uid.startsWith("pack:"))) {
                parents.add(uid);
            }
        }
        return onResource(grants, parentType, types, parents.toArray(String[]::new));
    }

    /** {@code types} granted on one of {@code uids} exactly, or (for pack content) on the uid's pack. */
    static boolean onResource(List<Role.Grant> grants, String type, Set<String> types, String... uids) {
        for (Role.Grant g : grants) {
            if (g.resourceUid() == null || types.stream().noneMatch(g.permissionTypes()::contains)) {
                continue;
            }
            for (String uid : uids) {
                if (uid == null) {
                    continue;
                }
                if (g.resourceUid().equals(uid)) {
                    return true;
                }
                String pack = packOf(uid);
                if (!pack.isEmpty()
                        && PACK_CONTENT.contains(type)
                        && g.resourceUid().equals("pack:" + pack)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean keyValue(
            String user, List<Role.Grant> grants, String permission, boolean observerRead, String... uids) {
        if (permission.equals(KV + "_list")) {
            return true;
        }
        for (String uid : uids) {
            if (uid != null && user.equals(userScopeOwner(uid))) {
                return true;
            }
        }
        if (observerRead) {
            return true;
        }
        Set<String> types = PermissionTypes.nameOf(permission).equals("view")
                ? Set.of(permission, KV + "_list", KV + "_set", KV + "_delete", KV + "_all")
                : Set.of(permission, KV + "_all");
        return onResource(grants, KV, types, uids);
    }

    /** {@code key_value_pair:st2kv.user:bob:name} → {@code bob}; null for other uids. */
    static String userScopeOwner(String uid) {
        String[] parts = uid.split(":", 4);
        return parts.length == 4 && parts[0].equals(KV) && parts[1].equals(USER_SCOPE) ? parts[2] : null;
    }

    /** {@code action:core:local} → {@code core}; {@code pack:core} → {@code core}; others → "". */
    static String packOf(String uid) {
        String[] parts = uid.split(":");
        if (parts.length >= 2 && parts[0].equals("pack")) {
            return parts[1];
        }
        return parts.length >= 3 && PACK_CONTENT.contains(parts[0]) ? parts[1] : "";
    }
}
