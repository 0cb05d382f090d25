package io.reflex.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a {@link Config} from, in increasing precedence: defaults, one YAML file, {@code REFLEX_*}
 * environment variables, command-line values. Every value is parsed and checked; the first problem is
 * reported as a {@link ConfigException} naming the key, the bad value and where it came from (file, line
 * and column for the YAML file).
 */
public final class ConfigLoader {
    /** The environment variable naming the config file when no {@code --config} flag is given. */
    public static final String CONFIG_ENV = "REFLEX_CONFIG";

    private ConfigLoader() {}

    /**
     * @param file the YAML file, or null for none
     * @param env the environment (usually {@code System.getenv()})
     * @param flags command-line values by key name
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, Raw> raw = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.defaultValue() != null) {
                raw.put(key.name(), new Raw(key.defaultValue(), "default"));
            }
        }
        if (file != null) {
            raw.putAll(readYaml(file));
        }
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String v = env.get(key.envVar());
            if (v != null) {
                raw.put(key.name(), new Raw(v, "environment variable " + key.envVar()));
            }
        }
        flags.forEach((k, v) -> raw.put(known(k, "command line").name(), new Raw(v, "command line")));
        return parse(raw);
    }

    /** Parses {@code key=value} (the form of {@code --set}). */
    public static Map.Entry<String, String> parseAssignment(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("expected key=value, got '" + text + "'");
        }
        return Map.entry(text.substring(0, eq).trim(), text.substring(eq + 1));
    }

    private record Raw(String text, String source) {}

    private static Config parse(Map<String, Raw> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            Raw r = raw.get(key.name());
            if (r == null) {
                throw new ConfigException("config key '" + key.name() + "' is required (" + key.description() + ")");
            }
            try {
                values.put(key.name(), key.type().parse(r.text()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("config key '" + key.name() + "': value '" + r.text() + "' " + e.getMessage()
                        + " (from " + r.source() + ")");
            }
            sources.put(key.name(), r.source());
        }
        return new Config(values, sources);
    }

    private static ConfigKey<?> known(String name, String where) {
        return ConfigKeys.all().stream()
                .filter(k -> k.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new ConfigException(where + ": unknown config key '" + name + "'" + suggestion(name)));
    }

    private static String suggestion(String name) {
        String section = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : "";
        String siblings = ConfigKeys.all().stream()
                .map(ConfigKey::name)
                .filter(n -> !section.isEmpty() && n.startsWith(section))
                .collect(Collectors.joining(", "));
        if (!siblings.isEmpty()) {
            return "; known keys in this section: " + siblings;
        }
        return "; known keys: " + ConfigKeys.all().stream().map(ConfigKey::name).collect(Collectors.joining(", "));
    }

    private static Map<String, Raw> readYaml(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not readable");
        }
        Map<String, Raw> out = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return out;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(
                        at(file, p.currentLocation()) + ": the config file must be a mapping of keys");
            }
            Deque<String> path = new ArrayDeque<>();
            walkObject(file, p, path, out);
        } catch (IOException e) {
            throw new ConfigException(
                    "config file " + file + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        return out;
    }

    private static void walkObject(Path file, JsonParser p, Deque<String> path, Map<String, Raw> out)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            path.addLast(p.currentName());
            String dotted = String.join(".", path);
            JsonLocation where = p.currentTokenLocation();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (ConfigKeys.all().stream().noneMatch(k -> k.name().startsWith(dotted + "."))) {
                    throw new ConfigException(
                            at(file, where) + ": unknown config section '" + dotted + "'" + suggestion(dotted));
                }
                walkObject(file, p, path, out);
            } else if (value.isScalarValue()) {
                known(dotted, at(file, where));
                if (value == JsonToken.VALUE_NULL) {
                    throw new ConfigException(at(file, where) + ": config key '" + dotted + "' has no value");
                }
                out.put(dotted, new Raw(p.getText(), at(file, where)));
            } else {
                throw new ConfigException(at(file, where) + ": config key '" + dotted + "' must be a single value");
            }
            path.removeLast();
        }
    }

    private static String at(Path file, JsonLocation loc) {
        return file + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }
}
