package io.reflex.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** StackStorm's RBAC semantics (st2-rbac-backend resolvers), checked without any server. */
class RoleBasedAuthorizerTest {
    private static final Principal ADMIN = user("root");
    private static final Principal OBSERVER = user("watcher");
    private static final Principal OPERATOR = user("op");
    private static final Principal NOBODY = user("nobody");

    private final RoleBasedAuthorizer rbac =
            new RoleBasedAuthorizer(definitions(), Map.of("root", Set.of("system_admin")));

    private static Principal user(String name) {
        return new Principal(name, "token", null);
    }

    private static RbacDefinitions definitions() {
        Map<String, Role> roles = new HashMap<>(RbacDefinitions.systemOnly().roles());
        roles.put(
                "operator",
                new Role(
                        "operator",
                        "runs linux actions",
                        false,
                        true,
                        List.of(
                                new Role.Grant("pack:linux", Set.of("action_execute")),
                                new Role.Grant("action:core:local", Set.of("action_view")),
                                new Role.Grant("rule:examples:sample", Set.of("rule_modify")),
                                new Role.Grant("key_value_pair:st2kv.system:shared", Set.of("key_value_pair_set")),
                                new Role.Grant(null, Set.of("action_list", "execution_list")))));
        roles.put("off", new Role("off", "", false, false, List.of(new Role.Grant(null, Set.of("pack_install")))));
        return new RbacDefinitions(
                roles, Map.of("watcher", Set.of("observer"), "op", Set.of("operator", "off"), "ghost", Set.of("nope")));
    }

    @Test
    void systemAdminsAndAdminsMayDoEverything() {
        assertThat(rbac.isAdmin("root")).isTrue();
        assertThat(rbac.allowed(ADMIN, "action_delete", "action:core:local")).isTrue();
        assertThat(rbac.allowed(ADMIN, "pack_install")).isTrue();
        assertThat(rbac.allowed(ADMIN, "key_value_pair_view", "key_value_pair:st2kv.user:bob:secret"))
                .isTrue();
    }

    @Test
    void observersReadEverythingAndWriteNothing() {
        assertThat(rbac.isAdmin("watcher")).isFalse();
        assertThat(rbac.allowed(OBSERVER, "action_list")).isTrue();
        assertThat(rbac.allowed(OBSERVER, "execution_view", "action:core:local"))
                .isTrue();
        assertThat(rbac.allowed(OBSERVER, "pack_search")).isTrue();
        assertThat(rbac.allowed(OBSERVER, "stream_view")).isTrue();
        assertThat(rbac.allowed(OBSERVER, "action_create", "action:core:new")).isFalse();
        assertThat(rbac.allowed(OBSERVER, "action_execute", "action:core:local"))
                .isFalse();
        assertThat(rbac.allowed(OBSERVER, "api_key_create")).isFalse();
    }

    @Test
    void aPackGrantCoversEveryActionOfThePackAndImpliesView() {
        assertThat(rbac.allowed(OPERATOR, "action_execute", "action:linux:vmstat"))
                .isTrue();
        assertThat(rbac.allowed(OPERATOR, "action_view", "action:linux:vmstat")).isTrue();
        assertThat(rbac.allowed(OPERATOR, "action_modify", "action:linux:vmstat"))
                .isFalse();
        assertThat(rbac.allowed(OPERATOR, "action_execute", "action:core:local"))
                .isFalse();
        assertThat(rbac.allowed(OPERATOR, "action_view", "action:core:local")).isTrue();
        assertThat(rbac.allowed(OPERATOR, "rule_view", "rule:examples:sample")).isTrue();
        assertThat(rbac.allowed(OPERATOR, "rule_delete", "rule:examples:sample"))
                .isFalse();
    }

    @Test
    void packGrantsDoNotLeakToResourcesOutsidePacks() {
        assertThat(rbac.allowed(OPERATOR, "action_execute", "webhook:linux:x")).isFalse();
        assertThat(RoleBasedAuthorizer.packOf("key_value_pair:st2kv.system:foo"))
                .isEmpty();
        assertThat(RoleBasedAuthorizer.packOf("action:core:local")).isEqualTo("core");
        assertThat(RoleBasedAuthorizer.packOf("pack:core")).isEqualTo("core");
    }

    @Test
    void listPermissionsNeedAGlobalGrantOfExactlyThatType() {
        assertThat(rbac.allowed(OPERATOR, "action_list")).isTrue();
        assertThat(rbac.allowed(OPERATOR, "rule_list")).isFalse();
        assertThat(rbac.allowed(OPERATOR, "pack_list")).isFalse();
    }

    @Test
    void executionsInheritFromTheirActionAndExecuteGivesRerunAndStop() {
        assertThat(rbac.allowed(OPERATOR, "execution_rerun", "action:linux:vmstat"))
                .isTrue();
        assertThat(rbac.allowed(OPERATOR, "execution_stop", "action:linux:vmstat", "pack:linux"))
                .isTrue();
        assertThat(rbac.allowed(OPERATOR, "execution_view", "action:core:local"))
                .isTrue();
        assertThat(rbac.allowed(OPERATOR, "execution_stop", "action:core:local"))
                .isFalse();
        assertThat(rbac.allowed(OPERATOR, "execution_view", "action:examples:x"))
                .isFalse();
    }

    @Test
    void usersOwnTheirUserScopedKeysOnly() {
        assertThat(rbac.allowed(NOBODY, "key_value_pair_list")).isTrue();
        assertThat(rbac.allowed(NOBODY, "key_value_pair_set", "key_value_pair:st2kv.user:nobody:mine"))
                .isTrue();
        assertThat(rbac.allowed(NOBODY, "key_value_pair_view", "key_value_pair:st2kv.user:bob:theirs"))
                .isFalse();
        assertThat(rbac.allowed(NOBODY, "key_value_pair_view", "key_value_pair:st2kv.system:shared"))
                .isFalse();
        assertThat(rbac.allowed(OPERATOR, "key_value_pair_view", "key_value_pair:st2kv.system:shared"))
                .isTrue();
        assertThat(rbac.allowed(OPERATOR, "key_value_pair_delete", "key_value_pair:st2kv.system:shared"))
                .isFalse();
    }

    @Test
    void disabledRolesAndUnknownRolesGrantNothing() {
        assertThat(rbac.roles("op")).containsExactly("operator");
        assertThat(rbac.allowed(OPERATOR, "pack_install")).isFalse();
        assertThat(rbac.roles("ghost")).isEmpty();
    }

    @Test
    void forbiddenMessagesAreStackStorms() {
        assertThatThrownBy(() -> rbac.require(OBSERVER, "action_execute", "action:core:local"))
                .isInstanceOf(ApiException.class)
                .hasMessage("User \"watcher\" doesn't have required permission \"action_execute\" on resource"
                        + " \"action:core:local\"");
        assertThatThrownBy(() -> rbac.require(OBSERVER, "api_key_create", "api_key:x"))
                .hasMessage("User \"watcher\" doesn't have required permission \"api_key_create\"");
        assertThatThrownBy(() -> rbac.requireAdmin(OBSERVER)).hasMessage("Administrator access required");
        assertThatThrownBy(() -> rbac.requireAdminOrSelf(OBSERVER, "bob"))
                .hasMessage("Administrator or self access required");
        rbac.requireAdminOrSelf(OBSERVER, "watcher");
        assertThatThrownBy(() -> rbac.requireAdminForUser(OBSERVER, "bob"))
                .hasMessage("\"user\" attribute can only be provided by admins");
        rbac.requireAdminForUser(ADMIN, "bob");
        assertThat(((ApiException) catchForbidden()).status()).isEqualTo(403);
    }

    private Throwable catchForbidden() {
        try {
            rbac.require(NOBODY, "pack_install");
            return null;
        } catch (ApiException e) {
            return e;
        }
    }

    @Test
    void withRbacDisabledEveryoneIsAnAdministrator() {
        assertThat(Authorizer.DISABLED.allowed(NOBODY, "pack_install")).isTrue();
        assertThat(Authorizer.DISABLED.isAdmin("nobody")).isTrue();
        Authorizer.DISABLED.requireAdminOrSelf(NOBODY, "bob");
    }

    @Test
    void assignmentsIncludeTheBuiltInAdministrator() {
        assertThat(rbac.assignments())
                .anySatisfy(a -> {
                    assertThat(a.user()).isEqualTo("root");
                    assertThat(a.role()).isEqualTo("system_admin");
                    assertThat(a.source()).isEqualTo("config");
                })
                .anySatisfy(a -> assertThat(a.role()).isEqualTo("observer"));
    }
}
