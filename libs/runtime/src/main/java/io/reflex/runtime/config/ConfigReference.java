package io.reflex.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration reference ({@code docs/configuration.md}) rendered from {@link ConfigKeys}: one table per
 * section (the part of a key before its first dot), every key with its environment variable, default, accepted
 * values and meaning. A test keeps the checked-in file equal to this rendering, so the document cannot drift
 * from the code.
 */
public final class ConfigReference {
    private ConfigReference() {}

    /** The whole document for {@code keys}, in their declaration order. */
    public static String render(List<ConfigKey<?>> keys) {
        Map<String, List<ConfigKey<?>>> sections = keys.stream()
                .collect(Collectors.groupingBy(ConfigReference::section, LinkedHashMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append(
                        "Every key Reflex accepts. Values come from the YAML file (`--config FILE` or `REFLEX_CONFIG`),")
                .append(" then the environment variable, then `--set key=value`, each overriding the last. An unknown")
                .append(
                        " key or a bad value stops the process with one line naming the key, the value and its source.\n")
                .append("Durations are written `500ms`, `30s`, `5m`, `2h` or `1d`.\n\n")
                .append("This file is generated from `libs/runtime/.../config/ConfigKeys.java`; regenerate it with\n")
                .append("`./mvnw -pl libs/runtime test -Dtest=ConfigReferenceTest -Dreflex.update_docs=true`.\n");
        sections.forEach((section, list) -> {
            out.append("\n## ").append(section).append("\n\n");
            out.append("| key | environment | default | values | meaning |\n|---|---|---|---|---|\n");
            for (ConfigKey<?> k : list) {
                out.append("| `")
                        .append(k.name())
                        .append("` | `")
                        .append(k.envVar())
                        .append("` | ")
                        .append(k.defaultValue() == null ? "(required)" : "`" + k.defaultValue() + "`")
                        .append(" | ")
                        .append(values(k.type()))
                        .append(" | ")
                        .append(k.description().replace("|", "\\|"))
                        .append(" |\n");
            }
        });
        return out.toString();
    }

    private static String section(ConfigKey<?> k) {
        int dot = k.name().indexOf('.');
        return dot < 0 ? "general" : k.name().substring(0, dot);
    }

    private static String text(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String values(ValueType<?> type) {
        return switch (type) {
            case ValueType.Text t -> "text";
            case ValueType.Int i ->
                i.max() == Integer.MAX_VALUE ? "integer ≥ " + i.min() : "integer " + i.min() + "–" + i.max();
            case ValueType.Bool b -> "`true` / `false`";
            case ValueType.Span s -> s.min().isZero() ? "duration" : "duration ≥ " + text(s.min());
            case ValueType.FilePath p -> "path";
            case ValueType.Uri u ->
                "URI: " + u.schemes().stream().map(s -> "`" + s + ":`").collect(Collectors.joining(", "));
            case ValueType.Choice c ->
                c.choices().stream().map(s -> "`" + s + "`").collect(Collectors.joining(", "));
        };
    }
}
