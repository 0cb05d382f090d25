package io.reflex.content;

import io.reflex.core.model.Action;
import io.reflex.orquesta.Inspection;
import io.reflex.orquesta.InspectionError;
import io.reflex.orquesta.WorkflowDefinitionException;
import io.reflex.orquesta.Workflows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Inspects the workflow of every orquesta action at registration. StackStorm registers such an action whatever
 * its workflow holds and fails its runs with the inspection errors (its own examples pack ships workflows that
 * are broken on purpose), and so does Reflex; registration warns, each problem at its line in the workflow
 * file, and the action's own file names how many there are.
 */
final class WorkflowChecks {
    static final String RUNNER = "orquesta";
    private static final Workflows WORKFLOWS = Workflows.standard();

    private WorkflowChecks() {}

    /**
     * Warns of the inspection errors of every orquesta action's workflow.
     *
     * @param packDir the pack's directory
     * @param file reads a pack file by its path relative to the pack; empty when absent or refused (reported)
     * @param metadata the parsed metadata file of an action, by its path relative to the pack
     */
    static void check(
            Path packDir,
            List<Action> actions,
            Function<String, Optional<YamlFile>> file,
            Function<String, YamlFile> metadata,
            List<ContentError> warnings) {
        for (Action a : actions) {
            if (!a.runnerType().equals(RUNNER) || a.entryPoint().isBlank()) {
                continue;
            }
            Path actionsDir = packDir.resolve("actions").normalize();
            Path target = actionsDir.resolve(a.entryPoint()).normalize();
            Optional<YamlFile> workflow = target.startsWith(actionsDir)
                    ? file.apply(packDir.relativize(target).toString().replace('\\', '/'))
                    : Optional.empty();
            if (workflow.isEmpty()) {
                continue; // a missing or refused entry point is reported by the action's own checks
            }
            List<ContentError> found = inspect(a, workflow.get());
            if (found.isEmpty()) {
                continue;
            }
            warnings.addAll(found);
            warnings.add(metadata.apply(a.metadataFile())
                    .errorAt(
                            List.of("entry_point"),
                            "action '" + a.ref() + "': its workflow "
                                    + workflow.get().name() + " has " + found.size()
                                    + (found.size() == 1 ? " error" : " errors")
                                    + " (listed at their lines); its runs fail with them"));
        }
    }

    /** The inspection errors of {@code workflow}, each at the line of the value it is about. */
    static List<ContentError> inspect(Action a, YamlFile workflow) {
        Inspection inspection;
        try {
            inspection = WORKFLOWS.inspect(workflow.root(), Workflows.STACKSTORM_CONTEXT);
        } catch (WorkflowDefinitionException e) {
            return List.of(workflow.errorAt(List.of(), "workflow of action '" + a.ref() + "': " + e.getMessage()));
        }
        List<ContentError> out = new ArrayList<>();
        for (InspectionError e : inspection.errors()) {
            out.add(workflow.errorAt(e.path(), "workflow of action '" + a.ref() + "': " + describe(e)));
        }
        return out;
    }

    /** {@code <type> error at <spec path>: <message>}, with the expression when the message lacks it. */
    static String describe(InspectionError e) {
        StringBuilder sb = new StringBuilder(e.category().type()).append(" error");
        e.specPath().ifPresent(p -> sb.append(" at ").append(p));
        sb.append(": ").append(e.message());
        if (e.category() == InspectionError.Category.CONTEXT) {
            e.expression().ifPresent(x -> sb.append(" (in ").append(x).append(')'));
        }
        return sb.toString();
    }
}
