package io.reflex.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.content.ContentError;
import io.reflex.content.ContentException;
import io.reflex.content.YamlFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Roles and assignments in StackStorm's definition format: {@code roles/*.yaml}
 * ({@code name, description, enabled, permission_grants: [{resource_uid, permission_types}]}) and
 * {@code assignments/*.yaml} ({@code username, description, enabled, roles}). System roles are always present
 * and cannot be redefined. Grants are checked the way {@code st2-apply-rbac-definitions} checks them: every
 * permission type must exist and suit the resource type of its uid, and a grant without a uid may only carry
 * global types.
 *
 * @param assignments user → role names
 * @param assignmentList the same assignments, one record per (user, role), with their source file
 */
public record RbacDefinitions(
        Map<String, Role> roles, Map<String, Set<String>> assignments, List<RoleAssignment> assignmentList) {
    public RbacDefinitions {
        roles = Map.copyOf(roles);
        assignments = Map.copyOf(assignments);
        assignmentList = List.copyOf(assignmentList);
    }

    /** Definitions whose assignments have no recorded source. */
    public RbacDefinitions(Map<String, Role> roles, Map<String, Set<String>> assignments) {
        this(roles, assignments, records(assignments));
    }

    public static RbacDefinitions systemOnly() {
        Map<String, Role> roles = new LinkedHashMap<>();
        Role.systemRoles().forEach(r -> roles.put(r.name(), r));
        return new RbacDefinitions(roles, Map.of(), List.of());
    }

    /**
     * Reads {@code dir} (missing directories mean no custom roles).
     *
     * @throws ContentException naming the file and line of every bad definition
     */
    public static RbacDefinitions load(Path dir) {
        Map<String, Role> roles = new LinkedHashMap<>(systemOnly().roles());
        List<ContentError> errors = new ArrayList<>();
        for (Path f : yamlFiles(dir.resolve("roles"))) {
            YamlFile y = parse(f);
            Role role = role(y, errors);
            if (role == null) {
                continue;
            }
            if (roles.containsKey(role.name()) && roles.get(role.name()).system()) {
                errors.add(y.errorAt(List.of("name"), "system role '" + role.name() + "' cannot be redefined"));
                continue;
            }
            roles.put(role.name(), role);
        }
        List<RoleAssignment> list = new ArrayList<>();
        for (Path f : yamlFiles(dir.resolve("assignments"))) {
            assignments(parse(f), dir.relativize(f).toString(), roles, errors, list);
        }
        if (!errors.isEmpty()) {
            throw new ContentException(errors);
        }
        Map<String, Set<String>> byUser = new HashMap<>();
        list.forEach(a ->
                byUser.computeIfAbsent(a.user(), u -> new LinkedHashSet<>()).add(a.role()));
        return new RbacDefinitions(roles, byUser, list);
    }

    private static Role role(YamlFile y, List<ContentError> errors) {
        JsonNode r = y.root();
        if (!r.isObject()
                || !r.path("name").isTextual()
                || r.get("name").asText().isEmpty()) {
            errors.add(y.errorAt(List.of(), "role definition needs a 'name'"));
            return null;
        }
        String name = r.get("name").asText();
        List<Role.Grant> grants = new ArrayList<>();
        JsonNode gs = r.path("permission_grants");
        if (!gs.isMissingNode() && !gs.isNull() && !gs.isArray()) {
            errors.add(y.errorAt(List.of("permission_grants"), "'permission_grants' must be a list"));
            return null;
        }
        int before = errors.size();
        for (int i = 0; i < gs.size(); i++) {
            Role.Grant g = grant(y, i, errors);
            if (g != null) {
                grants.add(g);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Role(
                name, r.path("description").asText(""), false, r.path("enabled").asBoolean(true), grants);
    }

    private static Role.Grant grant(YamlFile y, int i, List<ContentError> errors) {
        JsonNode g = y.root().get("permission_grants").get(i);
        List<Object> at = List.of("permission_grants", i);
        JsonNode uidNode = g.get("resource_uid");
        String uid = uidNode == null || uidNode.isNull() ? null : uidNode.asText();
        Set<String> types = new LinkedHashSet<>();
        JsonNode ts = g.path("permission_types");
        if (!ts.isArray()) {
            errors.add(y.errorAt(at, "'permission_types' must be a list of permission type names"));
            return null;
        }
        for (int j = 0; j < ts.size(); j++) {
            String p = ts.get(j).asText();
            String problem = problem(uid, p);
            if (problem != null) {
                errors.add(y.errorAt(List.of("permission_grants", i, "permission_types", j), problem));
            }
            types.add(p);
        }
        return new Role.Grant(uid, types);
    }

    /** StackStorm's wording for a permission type that does not fit its grant, or null when it fits. */
    static String problem(String uid, String permission) {
        if (!PermissionTypes.exists(permission)) {
            return "Invalid permission type \"" + permission + "\"";
        }
        if (uid == null) {
            return PermissionTypes.isGlobal(permission)
                    ? null
                    : "Invalid permission type \"" + permission + "\". Valid global permission types which can be"
                            + " used without a resource id are: " + String.join(", ", PermissionTypes.global());
        }
        String type = uid.split(":", 2)[0];
        boolean valid = PermissionTypes.forResourceType(type)
                .map(m -> m.containsKey(permission))
                .orElse(false);
        return valid ? null : "Invalid permission type \"" + permission + "\" for resource type \"" + type + "\"";
    }

    private static void assignments(
            YamlFile y, String source, Map<String, Role> roles, List<ContentError> errors, List<RoleAssignment> out) {
        JsonNode a = y.root();
        String user = a.path("username").asText("");
        if (user.isEmpty()) {
            errors.add(y.errorAt(List.of(), "assignment needs a 'username'"));
            return;
        }
        if (!a.path("roles").isArray()) {
            errors.add(y.errorAt(List.of("roles"), "assignment needs 'roles', a list of role names"));
            return;
        }
        if (!a.path("enabled").asBoolean(true)) {
            return;
        }
        for (int i = 0; i < a.get("roles").size(); i++) {
            String role = a.get("roles").get(i).asText();
            if (!roles.containsKey(role)) {
                errors.add(y.errorAt(List.of("roles", i), "role '" + role + "' is not defined"));
                continue;
            }
            out.add(new RoleAssignment(user, role, source, a.path("description").asText(""), false));
        }
    }

    private static List<RoleAssignment> records(Map<String, Set<String>> assignments) {
        List<RoleAssignment> out = new ArrayList<>();
        assignments.forEach((user, rs) -> rs.forEach(r -> out.add(new RoleAssignment(user, r, "", "", false))));
        return out;
    }

    private static YamlFile parse(Path f) {
        try {
            return YamlFile.parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path d) {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
