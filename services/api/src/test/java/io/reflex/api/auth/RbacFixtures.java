package io.reflex.api.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * RBAC definition files for API tests (StackStorm's format, under {@code <data_dir>/rbac}): {@code obs} is an
 * observer, {@code opal} may run the core pack's actions, {@code alice} and {@code bob} may list and create
 * API keys, {@code nora} has no role. st2admin is the built-in system administrator.
 */
final class RbacFixtures {
    static final Map<String, String> RBAC_ON = Map.of("rbac.enable", "true");

    private RbacFixtures() {}

    static void write(Path dataDir) throws IOException {
        Path rbac = dataDir.resolve("rbac");
        Files.createDirectories(rbac.resolve("roles"));
        Files.createDirectories(rbac.resolve("assignments"));
        Files.writeString(rbac.resolve("roles/core_operator.yaml"), """
                ---
                name: core_operator
                description: runs the actions of the core pack
                enabled: true
                permission_grants:
                  - resource_uid: pack:core
                    permission_types: [action_execute]
                  - permission_types: [action_list]
                """);
        Files.writeString(rbac.resolve("roles/keyholder.yaml"), """
                name: keyholder
                description: manages API keys
                permission_grants:
                  - permission_types: [api_key_list, api_key_create]
                """);
        Files.writeString(rbac.resolve("roles/retired.yaml"), "name: retired\nenabled: false\npermission_grants: []\n");
        Files.writeString(rbac.resolve("assignments/obs.yaml"), "username: obs\nroles: [observer]\n");
        Files.writeString(
                rbac.resolve("assignments/opal.yaml"),
                "username: opal\ndescription: on call\nroles: [core_operator]\n");
        Files.writeString(rbac.resolve("assignments/alice.yaml"), "username: alice\nroles: [keyholder]\n");
        Files.writeString(rbac.resolve("assignments/bob.yaml"), "username: bob\nroles: [keyholder]\n");
    }
}
