package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An orquesta action's workflow is inspected at registration; its errors are the action's, at their lines. */
class WorkflowRegistrationTest {
    private static final String GOOD = """
            version: 1.0
            input:
              - who
            tasks:
              greet:
                action: core.echo message=<% ctx(who) %>
                next:
                  - when: <% succeeded() %>
                    publish: said=<% result().stdout %>
            output:
              - said: <% ctx(said) %>
            """;

    private static final String BROKEN = """
            version: 1.0
            tasks:
              first:
                action: core.echo message=<% ctx(nobody) %>
                next:
                  - when: <% succeeded( %>
                    do: second
              noop:
                action: core.noop
            """;

    @TempDir
    Path root;

    PackFixture fx;

    @BeforeEach
    void packs() {
        fx = new PackFixture(root);
        fx.manifest("flows")
                .file(
                        "flows/actions/good.yaml",
                        "name: good\nrunner_type: orquesta\nentry_point: workflows/good.yaml\n")
                .file("flows/actions/workflows/good.yaml", GOOD)
                .file(
                        "flows/actions/broken.yaml",
                        "name: broken\nrunner_type: orquesta\nentry_point: workflows/broken.yaml\n")
                .file("flows/actions/workflows/broken.yaml", BROKEN)
                .file(
                        "flows/actions/notyaml.yaml",
                        "name: notyaml\nrunner_type: orquesta\nentry_point: workflows/list.yaml\n")
                .file("flows/actions/workflows/list.yaml", "- just\n- a list\n");
    }

    private RegistrationResult register(InMemoryStateStore store) {
        return fx.registrationOverShippedCore(store).register(List.of("flows")).get(0);
    }

    @Test
    void inspectionErrorsAreRegistrationWarningsAtTheirLines() {
        RegistrationResult r = register(new InMemoryStateStore());

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings())
                .extracting(ContentError::toString)
                .contains(
                        "packs/flows/actions/workflows/broken.yaml:9:5: workflow of action 'flows.broken': semantic error"
                                + " at tasks.noop: The task name \"noop\" is reserved with special function.",
                        "packs/flows/actions/workflows/broken.yaml:7:13: workflow of action 'flows.broken': semantic error"
                                + " at tasks.first.next[0].do: The task \"second\" is not defined.",
                        "packs/flows/actions/workflows/broken.yaml:4:5: workflow of action 'flows.broken': context error"
                                + " at tasks.first.input: Variable \"nobody\" is referenced before assignment."
                                + " (in <% ctx(nobody) %>)",
                        "packs/flows/actions/broken.yaml:3:14: action 'flows.broken': its workflow"
                                + " packs/flows/actions/workflows/broken.yaml has 4 errors (listed at their lines); its runs"
                                + " fail with them",
                        "packs/flows/actions/workflows/list.yaml:1:1: workflow of action 'flows.notyaml': The workflow"
                                + " definition is not a mapping (YAML object).",
                        "packs/flows/actions/notyaml.yaml:3:14: action 'flows.notyaml': its workflow"
                                + " packs/flows/actions/workflows/list.yaml has 1 error (listed at their lines); its runs fail"
                                + " with them");
        assertThat(r.warnings())
                .extracting(ContentError::toString)
                .anySatisfy(e -> assertThat(e)
                        .startsWith("packs/flows/actions/workflows/broken.yaml:6:15: workflow of action 'flows.broken':"
                                + " expression error at tasks.first.next[0].when: Parse error"));
    }

    /** As StackStorm: an action registers whatever its workflow holds; running it reports the errors. */
    @Test
    void anActionRegistersWhetherItsWorkflowIsCleanOrNot() {
        InMemoryStateStore store = new InMemoryStateStore();
        RegistrationResult r = register(store);

        assertThat(r.rejected()).isFalse();
        assertThat(store.store(Kinds.ACTION).find(Query.of(Filter.eq("pack", "flows"))))
                .extracting(Action::ref)
                .containsExactlyInAnyOrder("flows.good", "flows.broken", "flows.notyaml");
    }

    @Test
    void fixingTheWorkflowEndsTheWarnings() {
        InMemoryStateStore store = new InMemoryStateStore();
        register(store);
        fx.file("flows/actions/workflows/broken.yaml", GOOD);
        fx.file("flows/actions/workflows/list.yaml", GOOD);

        RegistrationResult r = register(store);

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(store.store(Kinds.ACTION).find(Query.of(Filter.eq("pack", "flows"))))
                .extracting(Action::ref)
                .containsExactlyInAnyOrder("flows.good", "flows.broken", "flows.notyaml");
    }
}
