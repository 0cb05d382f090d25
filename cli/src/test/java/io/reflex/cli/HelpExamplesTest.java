package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.content.Catalogue;
import io.reflex.content.LoadedPack;
import io.reflex.content.PackLoader;
import io.reflex.core.model.TriggerType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every example of every {@code --help} names content the shipped packs hold: the actions, rules, sensors,
 * packs, trigger types and webhook URLs an example mentions exist, so a new user can paste any of them.
 */
class HelpExamplesTest {
    /** The commands whose first argument is a reference, and which kind of reference it is. */
    private static final Map<String, String> FIRST_ARGUMENT = Map.ofEntries(
            Map.entry("reflex run", "action"),
            Map.entry("reflex action get", "action"),
            Map.entry("reflex action delete", "action"),
            Map.entry("reflex rule get", "rule"),
            Map.entry("reflex rule enable", "rule"),
            Map.entry("reflex rule disable", "rule"),
            Map.entry("reflex rule delete", "rule"),
            Map.entry("reflex sensor get", "sensor"),
            Map.entry("reflex sensor enable", "sensor"),
            Map.entry("reflex sensor disable", "sensor"),
            Map.entry("reflex pack get", "pack"),
            Map.entry("reflex webhook post", "webhook"));
    /** Options whose value is a reference, wherever they appear. */
    private static final Map<String, String> OPTIONS = Map.of(
            "--action", "action",
            "--action-ref", "action",
            "--trigger", "trigger",
            "--pack", "pack",
            "-p", "pack");

    /** What ends a command in an example's shell line. */
    private static final Set<String> SHELL = Set.of("|", "||", "&&", ";", ">", ">>", "<", "2>&1");

    @TempDir
    Path configs;

    @Test
    void everyHelpExampleNamesShippedContent() {
        Map<String, Set<String>> known = shippedContent();
        CommandLine root = Reflex.commandLine();
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (CommandLine cl : HelpAndCompletionTest.allCommands(root)) {
            for (String example : examples(cl)) {
                List<String> words = words(example);
                int i = words.indexOf("reflex");
                if (i < 0) {
                    continue;
                }
                CommandLine command = root;
                int at = i + 1;
                while (at < words.size() && command.getSubcommands().containsKey(words.get(at))) {
                    command = command.getSubcommands().get(words.get(at++));
                }
                String kind = FIRST_ARGUMENT.get(command.getCommandSpec().qualifiedName());
                // the first argument that is not a flag (as in `reflex run --async core.local`)
                words.subList(at, words.size()).stream()
                        .filter(w -> !w.startsWith("-"))
                        .findFirst()
                        .filter(w -> kind != null)
                        .ifPresent(w -> check(known, kind, w, example, checked, wrong));
                for (int k = at; k + 1 < words.size(); k++) {
                    String option = OPTIONS.get(words.get(k));
                    if (option != null) {
                        check(known, option, words.get(k + 1), example, checked, wrong);
                    }
                }
            }
        }
        assertThat(checked).as("references checked").hasSizeGreaterThan(20);
        assertThat(wrong)
                .as("examples naming content the shipped packs do not hold")
                .isEmpty();
    }

    @Test
    void everyHelpExampleIsACommandLineReflexAccepts() {
        List<String> parsed = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (CommandLine cl : HelpAndCompletionTest.allCommands(Reflex.commandLine())) {
            for (String example : examples(cl)) {
                // a column of text after two spaces explains the command (as in `reflex --help`)
                List<String> words = words(example.strip().split("\\s{2,}")[0]);
                int i = words.indexOf("reflex");
                if (i < 0) {
                    continue;
                }
                List<String> args = new ArrayList<>();
                for (String w : words.subList(i + 1, words.size())) {
                    if (SHELL.contains(w)) {
                        break;
                    }
                    args.add(w);
                }
                try {
                    Reflex.commandLine().parseArgs(args.toArray(String[]::new));
                    parsed.add(example);
                } catch (CommandLine.ParameterException e) {
                    refused.add(example.strip() + ": " + e.getMessage());
                }
            }
        }
        assertThat(parsed).as("examples parsed").hasSizeGreaterThan(50);
        assertThat(refused).as("examples the command line refuses").isEmpty();
    }

    private static void check(
            Map<String, Set<String>> known,
            String kind,
            String value,
            String example,
            List<String> checked,
            List<String> wrong) {
        checked.add(value);
        if (!known.get(kind).contains(value)) {
            wrong.add(kind + " '" + value + "' in: " + example.strip());
        }
    }

    /** Refs of every kind of content in the shipped packs, by kind. */
    private Map<String, Set<String>> shippedContent() {
        Set<String> actions = new HashSet<>();
        Set<String> rules = new HashSet<>();
        Set<String> sensors = new HashSet<>();
        Set<String> packs = new HashSet<>();
        Set<String> triggers = new HashSet<>();
        Set<String> webhooks = new HashSet<>();
        Catalogue.systemTriggerTypes().stream().map(TriggerType::ref).forEach(triggers::add);
        for (LoadedPack p : new PackLoader(configs).loadAll(ReflexUpTest.SHIPPED_PACKS)) {
            assertThat(p.errors()).as(p.ref()).isEmpty();
            packs.add(p.ref());
            p.actions().forEach(a -> actions.add(a.ref()));
            p.sensors().forEach(s -> sensors.add(s.ref()));
            p.triggerTypes().forEach(t -> triggers.add(t.ref()));
            p.rules().forEach(r -> {
                rules.add(r.ref());
                if (r.trigger().type().equals("core.st2.webhook")) {
                    webhooks.add(r.trigger().parameters().path("url").asText());
                }
            });
        }
        return Map.of(
                "action", actions,
                "rule", rules,
                "sensor", sensors,
                "pack", packs,
                "trigger", triggers,
                "webhook", webhooks);
    }

    /** The lines of the command's "Examples:" footer. */
    private static List<String> examples(CommandLine cl) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : cl.getCommandSpec().usageMessage().footer()) {
            if (line.strip().equals("Examples:")) {
                in = true;
            } else if (in && line.contains("reflex ")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Shell words of {@code line}: single and double quotes group, {@code $(} and {@code )} are dropped. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.replace("$(", " ").replace(")", " ").toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || !word.isEmpty()) {
                    out.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || !word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }
}
