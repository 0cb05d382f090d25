package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds shell commands that a template fills with a value unquoted: a {@code {{ ... }}} expression in a
 * {@code cmd} that does not end with the {@code shell_quote} filter, or that stands inside shell quotes, lets
 * whoever controls the value (a parameter, a trigger payload, a previous task's result) run commands. Looked at: the {@code cmd} default
 * of actions of the shell runners, the {@code cmd} a rule passes to its action, and every {@code cmd} in
 * the workflow files of action-chain and orquesta actions. These are warnings, located at the value: the
 * content stays valid.
 */
final class ShellWarnings {
    static final Set<String> SHELL_RUNNERS =
            Set.of("local-shell-cmd", "remote-shell-cmd", "local-shell-script", "remote-shell-script");
    static final Set<String> WORKFLOW_RUNNERS = Set.of("action-chain", "orquesta");
    private static final Pattern QUOTED = Pattern.compile(".*\\|\\s*shell_quote\\s*(\\(\\s*\\))?\\s*$", Pattern.DOTALL);
    static final String ADVICE = "quote it with the shell_quote filter ({{ value | shell_quote }}) or pass it as a"
            + " positional parameter of a local-shell-script action";

    private ShellWarnings() {}

    static List<ContentError> check(LoadedPack pack) {
        List<ContentError> out = new ArrayList<>();
        for (Action a : pack.actions()) {
            YamlFile file = pack.files().get(a.metadataFile());
            if (file != null && SHELL_RUNNERS.contains(a.runnerType())) {
                JsonNode cmd = a.parameters().path("cmd").path("default");
                unquoted(cmd)
                        .ifPresent(e -> out.add(file.errorAt(
                                List.of("parameters", "cmd", "default"),
                                "action '" + a.ref() + "': the cmd default puts " + e
                                        + " into a shell command unquoted; " + ADVICE)));
            }
            if (WORKFLOW_RUNNERS.contains(a.runnerType()) && !a.entryPoint().isBlank()) {
                workflow(pack, a, out);
            }
        }
        for (Rule r : pack.rules()) {
            YamlFile file = pack.files().get(r.metadataFile());
            if (file != null) {
                unquoted(r.action().parameters().path("cmd"))
                        .ifPresent(e -> out.add(file.errorAt(
                                List.of("action", "parameters", "cmd"),
                                "rule '" + r.ref() + "': the cmd passed to '"
                                        + r.action().ref() + "' puts " + e + " into a shell command unquoted; "
                                        + ADVICE)));
            }
        }
        return out;
    }

    private static void workflow(LoadedPack pack, Action a, List<ContentError> out) {
        Path base = pack.dir().resolve("actions").normalize();
        Path file = base.resolve(a.entryPoint()).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            return;
        }
        String name = pack.dir().getParent().getFileName() + "/" + pack.dir().getFileName() + "/actions/"
                + base.relativize(file);
        YamlFile yaml;
        try {
            yaml = YamlFile.parse(name, Files.readString(file));
        } catch (java.io.IOException | ContentException | java.io.UncheckedIOException e) {
            return; // the workflow's own validation reports a file it cannot read
        }
        walk(yaml, yaml.root(), new ArrayList<>(), a, out);
    }

    private static void walk(YamlFile yaml, JsonNode node, List<Object> path, Action a, List<ContentError> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                path.add(e.getKey());
                if (e.getKey().equals("cmd")) {
                    unquoted(e.getValue())
                            .ifPresent(expr -> out.add(yaml.errorAt(
                                    path,
                                    "workflow of '" + a.ref() + "': a cmd puts " + expr
                                            + " into a shell command unquoted; " + ADVICE)));
                } else {
                    walk(yaml, e.getValue(), path, a, out);
                }
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                walk(yaml, node.get(i), path, a, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /**
     * The first expression of a templated shell command that is not safe, as written ({@code {{ x }}}): one
     * without the {@code shell_quote} filter, or a quoted one that stands inside shell quotes (within double
     * quotes the shell would still expand {@code $(...)} in it).
     */
    static java.util.Optional<String> unquoted(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return java.util.Optional.empty();
        }
        String text = value.asText();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("{{", i)) {
                int close = text.indexOf("}}", i + 2);
                if (close < 0) {
                    return java.util.Optional.empty();
                }
                String expr = text.substring(i + 2, close);
                if (quote != 0 || !QUOTED.matcher(expr).matches()) {
                    return java.util.Optional.of("{{" + expr + "}}");
                }
                i = close + 1;
                continue;
            }
            char c = text.charAt(i);
            if (c == '\\' && quote != '\'') {
                i++;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return java.util.Optional.empty();
    }
}
