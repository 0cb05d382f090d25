package io.reflex.runtime.content;

import io.reflex.content.PackRoots;
import io.reflex.content.YamlReader;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where pack content lives on this node, and how large a content file may be, resolved from the configuration.
 *
 * @param packsDir the writable directory of user packs (installs and content written through the API)
 * @param systemPacksDir the read-only directory of the packs shipped with Reflex, if any
 */
public record ContentSettings(
        Path packsDir,
        Optional<Path> systemPacksDir,
        Path configsDir,
        Path cacheDir,
        Path virtualenvsDir,
        long maxFileBytes) {
    /**
     * The system property naming the installation directory (the {@code reflex} launcher sets it); its
     * {@code packs/} is the default system packs directory.
     */
    public static final String HOME_PROPERTY = "reflex.home";

    /** Settings with only a user packs directory and the default file size limit. */
    public ContentSettings(Path packsDir, Path configsDir, Path cacheDir, Path virtualenvsDir) {
        this(packsDir, Optional.empty(), configsDir, cacheDir, virtualenvsDir, YamlReader.DEFAULT_MAX_FILE_BYTES);
    }

    public static ContentSettings from(Config config) {
        Path data = config.get(ConfigKeys.DATA_DIR);
        String packsText = config.get(ConfigKeys.PACKS_DIR);
        Path packs = packsText.isBlank() ? data.resolve("packs") : path(packsText);
        String configs = config.get(ConfigKeys.CONFIGS_DIR);
        return new ContentSettings(
                packs,
                systemPacks(config.get(ConfigKeys.SYSTEM_PACKS_DIR)),
                configs.isBlank() ? packs.resolveSibling("configs") : path(configs),
                data.resolve("content"),
                data.resolve("virtualenvs"),
                config.get(ConfigKeys.CONTENT_MAX_FILE_BYTES));
    }

    /**
     * The configured system packs directory; by default the installation's {@code packs/} when the launcher
     * named it, else {@code ./packs} when it exists (running from a source checkout).
     */
    static Optional<Path> systemPacks(String configured) {
        if (configured.equals("none")) {
            return Optional.empty();
        }
        if (!configured.isBlank()) {
            return Optional.of(path(configured));
        }
        String home = System.getProperty(HOME_PROPERTY, "");
        if (!home.isBlank()) {
            return Optional.of(path(home).resolve("packs"));
        }
        Path local = path("packs");
        return Files.isDirectory(local) ? Optional.of(local) : Optional.empty();
    }

    private static Path path(String text) {
        return new ValueType.FilePath().parse(text);
    }

    /** The pack directories content is registered from. */
    public PackRoots roots() {
        return new PackRoots(systemPacksDir, packsDir);
    }

    /** How content YAML files are read on this node (size and parser bounds). */
    public YamlReader yaml() {
        return new YamlReader(maxFileBytes);
    }
}
