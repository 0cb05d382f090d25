package io.reflex.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client configuration file, {@code ~/.reflex/config}, in the INI form of st2's {@code ~/.st2/config}:
 *
 * <pre>
 * # comments start with # or ;
 * [credentials]
 * username = st2admin
 * password = Passw0rd!      # optional: log in automatically when the cached token expired
 * api_key = ...             # instead of username/password
 * [api]
 * url = http://127.0.0.1:9101
 * [auth]
 * url = http://127.0.0.1:9100
 * [stream]
 * url = http://127.0.0.1:9102
 * [cli]
 * cache_token = true
 * </pre>
 *
 * Keys are {@code key = value} or {@code key: value}; section and key names are case-insensitive. A missing
 * file is an empty configuration.
 */
public final class ClientConfigFile {
    private final Path path;
    private final Map<String, Map<String, String>> sections;

    private ClientConfigFile(Path path, Map<String, Map<String, String>> sections) {
        this.path = path;
        this.sections = sections;
    }

    public static ClientConfigFile empty(Path path) {
        return new ClientConfigFile(path, Map.of());
    }

    /** @throws ClientException (usage) naming the file and line of the first malformed line */
    public static ClientConfigFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            return empty(path);
        }
        List<String> lines = lines(path);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(java.util.Locale.ROOT);
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            int sep = separator(line);
            if (sep <= 0 || section == null) {
                throw ClientException.usage(
                        path + ":" + (i + 1) + ": expected '[section]' or 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, sep).strip().toLowerCase(java.util.Locale.ROOT);
            sections.get(section).put(key, line.substring(sep + 1).strip());
        }
        return new ClientConfigFile(path, sections);
    }

    public Path path() {
        return path;
    }

    /** The value of {@code key} in {@code section}; empty when absent or blank. */
    public Optional<String> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key))
                .filter(v -> !v.isBlank());
    }

    /**
     * Sets {@code key} in {@code section} of the file at {@code path}, keeping every other line (comments
     * included) as it was. A file created here is readable by its owner only: it may hold a password.
     */
    public static void set(Path path, String section, String key, String value) {
        List<String> lines = Files.isRegularFile(path) ? new ArrayList<>(lines(path)) : new ArrayList<>();
        int sectionAt = -1;
        int insertAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                boolean ours = line.substring(1, line.length() - 1).strip().equalsIgnoreCase(section);
                if (ours) {
                    sectionAt = i;
                    insertAt = i + 1;
                } else if (sectionAt >= 0) {
                    break;
                }
            } else if (sectionAt >= 0) {
                int sep = separator(line);
                if (sep > 0 && line.substring(0, sep).strip().equalsIgnoreCase(key)) {
                    lines.set(i, key + " = " + value);
                    PrivateFiles.write(path, String.join("\n", lines) + "\n");
                    return;
                }
                if (!line.isEmpty()) {
                    insertAt = i + 1;
                }
            }
        }
        if (sectionAt < 0) {
            if (!lines.isEmpty() && !lines.getLast().isBlank()) {
                lines.add("");
            }
            lines.add("[" + section + "]");
            insertAt = lines.size();
        }
        lines.add(insertAt, key + " = " + value);
        PrivateFiles.write(path, String.join("\n", lines) + "\n");
    }

    private static int separator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** Whole-line comments, and inline ones after whitespace (so URLs and passwords may hold '#'). */
    private static String stripComment(String line) {
        String s = line.strip();
        if (s.startsWith("#") || s.startsWith(";")) {
            return "";
        }
        int at = line.indexOf(" #");
        return at < 0 ? line : line.substring(0, at);
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
