package io.reflex.api;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A built web UI (StackStorm's st2web) served at {@code /} on the api port when {@code webui.static_dir}
 * names its directory: {@code GET}/{@code HEAD} of files under it, {@code index.html} for {@code /}. Mounted
 * after the API's routes, so {@code /api/...} and {@code /healthz} always win; a path that is no file falls
 * through to the API's JSON 404. No authentication: the UI's files are public, its data comes from the API.
 */
final class WebUi {
    private WebUi() {}

    /**
     * The configured directory, checked at startup.
     *
     * @throws ConfigException naming the key when it is set but is not a directory with an index.html
     */
    static Optional<Path> dir(Config config) {
        String raw = config.get(ConfigKeys.WEBUI_STATIC_DIR).strip();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Path.of(raw).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            throw new ConfigException(ConfigKeys.WEBUI_STATIC_DIR.name() + ": '" + raw
                    + "' is not a directory with an index.html (a built st2web, e.g. its build/ directory)");
        }
        return Optional.of(dir);
    }

    static void mount(Router root, Path dir) {
        StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, dir.toString())
                .setIndexPage("index.html")
                .setDirectoryListing(false)
                .setIncludeHidden(false);
        root.get("/*").handler(files);
        root.head("/*").handler(files);
    }
}
