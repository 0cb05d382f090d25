package io.reflex.runtime.content;

import io.reflex.content.YamlReader;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ValueType;
import java.nio.file.Path;

/** Where pack content lives on this node, and how large a content file may be, resolved from the configuration. */
public record ContentSettings(Path packsDir, Path configsDir, Path cacheDir, Path virtualenvsDir, long maxFileBytes) {
    /** Settings with the default file size limit. */
    public ContentSettings(Path packsDir, Path configsDir, Path cacheDir, Path virtualenvsDir) {
        this(packsDir, configsDir, cacheDir, virtualenvsDir, YamlReader.DEFAULT_MAX_FILE_BYTES);
    }

    public static ContentSettings from(Config config) {
        Path packs = config.get(ConfigKeys.PACKS_DIR);
        String configs = config.get(ConfigKeys.CONFIGS_DIR);
        Path data = config.get(ConfigKeys.DATA_DIR);
        return new ContentSettings(
                packs,
                configs.isBlank() ? packs.resolveSibling("configs") : new ValueType.FilePath().parse(configs),
                data.resolve("content"),
                data.resolve("virtualenvs"),
                config.get(ConfigKeys.CONTENT_MAX_FILE_BYTES));
    }

    /** How content YAML files are read on this node (size and parser bounds). */
    public YamlReader yaml() {
        return new YamlReader(maxFileBytes);
    }
}
