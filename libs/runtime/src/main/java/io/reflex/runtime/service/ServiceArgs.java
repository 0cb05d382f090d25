package io.reflex.runtime.service;

import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every service process takes: {@code --config FILE}, {@code --data-dir DIR},
 * {@code --set key=value} (repeatable). The config file defaults to {@code $REFLEX_CONFIG}.
 */
public record ServiceArgs(Path configFile, Map<String, String> flags, boolean help) {
    public static final String USAGE = """
            options:
              --config FILE       YAML configuration file (default: $REFLEX_CONFIG)
              --data-dir DIR      data directory of the embedded backends (default: ~/.reflex)
              --set KEY=VALUE     set one configuration key, e.g. --set api.port=9201 (repeatable)
              --help              show this help
            """;

    public ServiceArgs {
        flags = Map.copyOf(flags);
    }

    /** Builds the args the same way the {@code reflex} command does; {@code dataDir} may be null. */
    public static ServiceArgs of(Path configFile, Path dataDir, Map<String, String> sets) {
        Map<String, String> flags = new LinkedHashMap<>(sets);
        if (dataDir != null) {
            flags.put("data_dir", dataDir.toString());
        }
        Path file = configFile;
        if (file == null && System.getenv(ConfigLoader.CONFIG_ENV) != null) {
            file = Path.of(System.getenv(ConfigLoader.CONFIG_ENV));
        }
        return new ServiceArgs(file, flags, false);
    }

    /** @throws ConfigException on an unknown option or a missing value */
    public static ServiceArgs parse(String[] args) {
        Path config = null;
        Path dataDir = null;
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new ServiceArgs(null, Map.of(), true);
                }
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--set" -> {
                    var kv = ConfigLoader.parseAssignment(value(args, ++i, a));
                    sets.put(kv.getKey(), kv.getValue());
                }
                default -> throw new ConfigException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        return of(config, dataDir, sets);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new ConfigException("option " + option + " needs a value");
        }
        return args[i];
    }
}
