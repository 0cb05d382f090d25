package io.reflex.cli;

import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceArgs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that run services. */
final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (default: $REFLEX_CONFIG)")
    Path config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "data directory of the embedded backends (default: $REFLEX_DATA_DIR or ~/.reflex)")
    Path dataDir;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "set one configuration key, e.g. --set api.port=9201 (repeatable)")
    List<String> sets = List.of();

    ServiceArgs toArgs() {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String s : sets) {
            var kv = ConfigLoader.parseAssignment(s);
            flags.put(kv.getKey(), kv.getValue());
        }
        return ServiceArgs.of(config, dataDir, flags);
    }
}
