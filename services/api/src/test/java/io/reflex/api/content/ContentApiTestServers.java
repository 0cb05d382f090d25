package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.model.Pack;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.testing.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the api for the content tests on a private copy of the shipped packs (tests write data files,
 * clone actions and install packs, which must never touch the repository's {@code packs/}).
 */
public final class ContentApiTestServers {
    private ContentApiTestServers() {}

    public static ApiTestServer start(Path dir, Map<String, String> extra) throws Exception {
        Path packs = dir.resolve("packs");
        copy(ApiTestServer.SHIPPED_PACKS, packs);
        Map<String, String> flags = new HashMap<>();
        flags.put("content.packs_dir", packs.toString());
        flags.put("content.configs_dir", dir.resolve("configs").toString());
        flags.putAll(extra);
        return ApiTestServer.start(dir.resolve("data"), flags);
    }

    public static ApiTestServer start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /**
     * Stores pack records for {@code refs}, as registration would: content created through the API must
     * belong to a pack that exists.
     */
    public static void packs(ApiTestServer api, String... refs) {
        for (String ref : refs) {
            api.store()
                    .store(Kinds.PACK)
                    .insert(new Pack(
                            Ids.derived("pack", ref),
                            ref,
                            ref,
                            "",
                            null,
                            "0.1.0",
                            null,
                            null,
                            "t",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null));
        }
    }

    /** Writes RBAC definitions: a role (name → permission grants) and an assignment of it to {@code user}. */
    public static void role(Path dataDir, String user, String role, List<Map<String, Object>> grants)
            throws IOException {
        Path rbac = dataDir.resolve("rbac");
        Files.createDirectories(rbac.resolve("roles"));
        Files.createDirectories(rbac.resolve("assignments"));
        StringBuilder r = new StringBuilder("name: " + role + "\npermission_grants:\n");
        for (Map<String, Object> g : grants) {
            r.append("  - ");
            if (g.containsKey("resource_uid")) {
                r.append("resource_uid: \"").append(g.get("resource_uid")).append("\"\n    ");
            }
            r.append("permission_types: ").append(g.get("permission_types")).append('\n');
        }
        Files.writeString(rbac.resolve("roles").resolve(role + ".yaml"), r.toString());
        Files.writeString(
                rbac.resolve("assignments").resolve(user + ".yaml"), "username: " + user + "\nroles: [" + role + "]\n");
    }

    public static List<String> texts(JsonNode array, String field) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    public static void copy(Path from, Path to) {
        try {
            FileTrees.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
