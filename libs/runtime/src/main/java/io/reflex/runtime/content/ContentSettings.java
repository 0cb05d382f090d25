package io.reflex.runtime.content;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ValueType;
import java.nio.file.Path;

/** Where pack content lives on this node, resolved from the configuration. */
public record ContentSettings(Path packsDir, Path configsDir, Path cacheDir, Path virtualenvsDir) {
    public static ContentSettings from(Config config) {
        Path packs = config.get(ConfigKeys.PACKS_DIR);
        String configs = config.get(ConfigKeys.CONFIGS_DIR);
        Path data = config.get(ConfigKeys.DATA_DIR);
        return new ContentSettings(
                packs,
                configs.isBlank() ? packs.resolveSibling("configs") : new ValueType.FilePath().parse(configs),
                data.resolve("content"),
                data.resolve("virtualenvs"));
    }
}
