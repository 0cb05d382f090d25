package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackConfig;
import io.reflex.core.model.Policy;
import io.reflex.core.model.Rule;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pack shapes StackStorm accepts and its content registration handles. */
class StackStormShapesTest {
    @TempDir
    Path root;

    PackFixture fx;
    InMemoryStateStore store;
    PackRegistration registration;

    @BeforeEach
    void setUp() {
        fx = new PackFixture(root);
        store = new InMemoryStateStore();
        registration = fx.registrationOverShippedCore(store);
    }

    private void crossPackPacks() {
        fx.manifest("a_rules").file("a_rules/rules/on_line.yaml", """
                        name: on_line
                        enabled: true
                        trigger:
                          type: z_triggers.file_watch.line
                        action:
                          ref: core.noop
                        """);
        fx.manifest("z_triggers").file("z_triggers/triggers/line.yaml", """
                name: file_watch.line
                description: a line
                payload_schema:
                  type: object
                """);
    }

    @Test
    void aRuleMayUseATriggerTypeOfAPackThatSortsAfterIt() {
        crossPackPacks();

        List<RegistrationResult> results = registration.registerAll();

        assertThat(results).allSatisfy(r -> assertThat(r.errors()).isEmpty());
        Rule rule = store.store(Kinds.RULE)
                .findOne(Filter.eq("ref", "a_rules.on_line"))
                .orElseThrow();
        assertThat(rule.trigger().type()).isEqualTo("z_triggers.file_watch.line");
    }

    @Test
    void aTriggerTypeThatDoesNotExistIsALocatedErrorOfTheRuleOnly() {
        crossPackPacks();
        fx.action("a_rules", "act", "date");

        RegistrationResult r = registration.register(List.of("a_rules")).get(0);

        assertThat(r.rejected()).isFalse();
        assertThat(r.errors())
                .extracting(ContentError::toString)
                .containsExactly("packs/a_rules/rules/on_line.yaml:4:9: rule 'a_rules.on_line': trigger type "
                        + "'z_triggers.file_watch.line' does not exist");
        assertThat(store.store(Kinds.ACTION).findOne(Filter.eq("ref", "a_rules.act")))
                .isPresent();
    }

    @Test
    void namesMayContainDotsAndARefSplitsAtTheFirstDot() {
        fx.manifest("dotted")
                .file("dotted/actions/post.yaml", """
                        name: chat.postMessage
                        runner_type: noop
                        """)
                .file("dotted/policies/greet.yaml", """
                        name: greet.concurrency
                        resource_ref: dotted.chat.postMessage
                        policy_type: action.concurrency
                        parameters:
                          threshold: 1
                        """)
                .file("dotted/rules/r.yaml", """
                        name: on.timer
                        trigger:
                          type: core.st2.IntervalTimer
                          parameters: {unit: seconds, delta: 5}
                        action:
                          ref: dotted.chat.postMessage
                        """);

        RegistrationResult r = registration.register(List.of("dotted")).get(0);

        assertThat(r.errors()).isEmpty();
        Action a = store.store(Kinds.ACTION)
                .findOne(Filter.eq("ref", "dotted.chat.postMessage"))
                .orElseThrow();
        assertThat(a.pack()).isEqualTo("dotted");
        assertThat(a.name()).isEqualTo("chat.postMessage");
        assertThat(a.uid()).isEqualTo("action:dotted:chat.postMessage");
        assertThat(store.store(Kinds.POLICY).findOne(Filter.eq("ref", "dotted.greet.concurrency")))
                .map(Policy::resourceRef)
                .hasValue("dotted.chat.postMessage");
        assertThat(store.store(Kinds.RULE).findOne(Filter.eq("ref", "dotted.on.timer")))
                .isPresent();
    }

    @Test
    void aNullDescriptionCountsAsAbsent() {
        fx.manifest("nulls").file("nulls/actions/a.yaml", """
                name: a
                description: null
                runner_type: local-shell-cmd
                parameters:
                  cmd:
                    type: string
                    description:
                    default: date
                """);

        RegistrationResult r = registration.register(List.of("nulls")).get(0);

        assertThat(r.errors()).isEmpty();
        Action a =
                store.store(Kinds.ACTION).findOne(Filter.eq("ref", "nulls.a")).orElseThrow();
        assertThat(a.description()).isEmpty();
    }

    @Test
    void unknownKeysAreLocatedWarningsAndWrongTypesStayErrors() {
        fx.manifest("extra")
                .file("extra/sensors/watch.yaml", """
                        class_name: Watch
                        entry_point: watch.py
                        trigger_types:
                          - name: line
                            payload_info: [path, line]
                        """)
                .file("extra/sensors/watch.py", "class Watch: pass\n")
                .file("extra/actions/typed.yaml", "name: typed\nrunner_type: noop\nenabled: 'yes'\n");

        RegistrationResult r = registration.register(List.of("extra")).get(0);

        assertThat(r.warnings())
                .extracting(ContentError::toString)
                .contains("packs/extra/sensors/watch.yaml:5:5: unknown field 'trigger_types[0].payload_info' ignored");
        assertThat(r.errors())
                .extracting(ContentError::toString)
                .containsExactly("packs/extra/actions/typed.yaml:3:10: field 'enabled': expected boolean, got string");
        assertThat(store.store(Kinds.SENSOR_TYPE).findOne(Filter.eq("ref", "extra.Watch")))
                .map(SensorType::name)
                .hasValue("Watch");
        assertThat(store.store(Kinds.TRIGGER_TYPE).findOne(Filter.eq("ref", "extra.line")))
                .map(TriggerType::name)
                .hasValue("line");
    }

    @Test
    void aPackWithAnInvalidItemStillGetsItsConfigUpdated() {
        fx.manifest("conf")
                .file("conf/config.schema.yaml", "greeting:\n  type: string\n  default: hi\n")
                .file("conf/actions/bad.yaml", "name: bad\nrunner_type: nope\n");
        registration.register(List.of("conf"));
        fx.file("../configs/conf.yaml", "greeting: hello\n");

        RegistrationResult r = registration.register(List.of("conf")).get(0);

        assertThat(r.errors()).singleElement().asString().contains("unknown runner type 'nope'");
        assertThat(store.store(Kinds.PACK_CONFIG).get(PackConfig.idOf("conf")))
                .map(PackConfig::values)
                .map(v -> v.path("greeting").asText())
                .hasValue("hello");
        ObjectNode read = PackConfig.valuesOf(store, "conf");
        assertThat(read.path("greeting").asText()).isEqualTo("hello");
        read.put("greeting", "changed by a reader");
        assertThat(PackConfig.valuesOf(store, "conf").path("greeting").asText())
                .as("a reader's change stays its own")
                .isEqualTo("hello");
        assertThat(PackConfig.valuesOf(store, "no-such-pack")).isEmpty();
        assertThat(store.store(Kinds.PACK).get(Ids.derived("pack", "conf")))
                .map(Pack::errors)
                .hasValueSatisfying(
                        e -> assertThat(e).singleElement().asString().contains("'nope'"));
    }
}
