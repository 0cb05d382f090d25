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
 * names its directory: {@code GET}/{@code HEAD} of files under it, {@code index.html} for {@code /} (which
 * otherwise answers the API's version document; {@code /api/v1/} still does). Mounted before the API's routes
 * but never for {@code /api/...}, {@code /v1/...} or {@code /healthz}, so no file can shadow the API; a path
 * that is no file falls through to the API (401 without a token, else its JSON 404). No authentication: the
 * UI's files are public, its data comes from the API.
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
        String notApi = "^/(?!api/|api$|v1/|v1$|healthz$).*";
        root.getWithRegex(notApi).handler(files);
        root.headWithRegex(notApi).handler(files);
    }
}
