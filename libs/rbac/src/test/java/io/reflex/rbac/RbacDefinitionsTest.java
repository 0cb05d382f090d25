package io.reflex.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.content.ContentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Role and assignment files in StackStorm's format, and st2-apply-rbac-definitions' checks. */
class RbacDefinitionsTest {
    @TempDir
    Path dir;

    private void write(String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void loadsRolesGrantsAndAssignmentsWithTheirSource() throws IOException {
        write("roles/operator.yaml", """
                ---
                name: operator
                description: runs linux things
                permission_grants:
                  - resource_uid: pack:linux
                    permission_types: [action_execute, rule_view]
                  - permission_types: [action_list]
                """);
        write("assignments/bob.yaml", "username: bob\ndescription: ops\nroles: [operator, observer]\n");
        write("assignments/off.yaml", "username: carol\nenabled: false\nroles: [operator]\n");
        RbacDefinitions d = RbacDefinitions.load(dir);
        assertThat(d.roles()).containsKeys("system_admin", "admin", "observer", "operator");
        assertThat(d.roles().get("operator").grants()).hasSize(2);
        assertThat(d.assignments().get("bob")).containsExactlyInAnyOrder("operator", "observer");
        assertThat(d.assignments()).doesNotContainKey("carol");
        assertThat(d.assignmentList())
                .allSatisfy(a -> assertThat(a.source()).isEqualTo("assignments/bob.yaml"))
                .hasSize(2);
        assertThat(d.roles().get("operator").id())
                .isEqualTo(RbacDefinitions.load(dir).roles().get("operator").id());
    }

    @Test
    void aPermissionTypeThatDoesNotSuitItsResourceIsRejectedWithItsLine() throws IOException {
        write("roles/bad.yaml", """
                name: bad
                permission_grants:
                  - resource_uid: action:core:local
                    permission_types: [action_view, rule_view]
                """);
        assertThatThrownBy(() -> RbacDefinitions.load(dir))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("bad.yaml:4")
                .hasMessageContaining("Invalid permission type \"rule_view\" for resource type \"action\"");
    }

    @Test
    void aGrantWithoutResourceMayOnlyCarryGlobalTypes() throws IOException {
        write("roles/bad.yaml", "name: bad\npermission_grants:\n  - permission_types: [action_execute]\n");
        assertThatThrownBy(() -> RbacDefinitions.load(dir))
                .hasMessageContaining("Invalid permission type \"action_execute\". Valid global permission types");
    }

    @Test
    void unknownPermissionTypesSystemRoleRedefinitionsAndUnknownRolesAreErrors() throws IOException {
        write("roles/a.yaml", "name: a\npermission_grants:\n  - permission_types: [action_fly]\n");
        write("roles/b.yaml", "name: admin\n");
        write("assignments/x.yaml", "username: x\nroles: [nope]\n");
        assertThatThrownBy(() -> RbacDefinitions.load(dir))
                .isInstanceOfSatisfying(
                        ContentException.class, e -> assertThat(e.errors()).hasSize(3))
                .hasMessageContaining("Invalid permission type \"action_fly\"")
                .hasMessageContaining("system role 'admin' cannot be redefined")
                .hasMessageContaining("role 'nope' is not defined");
    }

    @Test
    void aMissingDirectoryMeansSystemRolesOnly() {
        RbacDefinitions d = RbacDefinitions.load(dir.resolve("absent"));
        assertThat(d.roles().keySet()).containsExactlyInAnyOrder("system_admin", "admin", "observer");
        assertThat(d.assignments()).isEmpty();
    }

    @Test
    void theCatalogueMatchesStackStorms() {
        assertThat(PermissionTypes.byResourceType()).hasSize(17);
        assertThat(PermissionTypes.forResourceType("pack").orElseThrow())
                .containsKeys("pack_install", "action_execute", "rule_all")
                .doesNotContainKeys("action_list", "action_alias_match");
        assertThat(PermissionTypes.isGlobal("execution_list")).isTrue();
        assertThat(PermissionTypes.isGlobal("action_execute")).isFalse();
        assertThat(PermissionTypes.exists("stream_view")).isTrue();
        assertThat(PermissionTypes.resourceTypeOf("pack_views_index_health")).isEqualTo("pack");
        assertThat(PermissionTypes.nameOf("pack_views_index_health")).isEqualTo("views_index_health");
        assertThat(PermissionTypes.resourceTypeOf("key_value_pair_set")).isEqualTo("key_value_pair");
    }
}
