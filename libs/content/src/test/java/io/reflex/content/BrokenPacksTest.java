package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Action;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliberately broken content: exact, located messages, and the valid content beside it still registers. */
class BrokenPacksTest {
    @TempDir
    Path root;

    PackFixture fx;

    @BeforeEach
    void packs() {
        fx = new PackFixture(root);
        fx.manifest("broken")
                .action("broken", "fine", "uptime")
                .file(
                        "broken/actions/bad_yaml.yaml",
                        "name: bad_yaml\nrunner_type: local-shell-cmd\nparameters: [unclosed\n")
                .file("broken/actions/unknown_runner.yaml", "name: unknown_runner\nrunner_type: local-shel-cmd\n")
                .file("broken/actions/bad_param.yaml", """
                        name: bad_param
                        runner_type: local-shell-cmd
                        parameters:
                          cmd:
                            type: string
                          count:
                            type: strng
                        """)
                .file(
                        "broken/actions/bad_enabled.yaml",
                        "name: bad_enabled\nrunner_type: noop\nenabled: 'yes please'\n")
                .file("broken/actions/typo.yaml", "name: typo\nrunner_type: noop\nentry_piont: x\n")
                .file("broken/actions/no_runner.yaml", "name: no_runner\n")
                .file("broken/actions/override.yaml", """
                        name: override
                        runner_type: local-shell-cmd
                        parameters:
                          timeout:
                            type: string
                        """)
                .file(
                        "broken/actions/script.yaml",
                        "name: script\nrunner_type: local-shell-script\nentry_point: missing.sh\n")
                .file("broken/actions/dup1.yaml", "name: dup\nrunner_type: noop\n")
                .file("broken/actions/dup2.yaml", "name: dup\nrunner_type: noop\n")
                .file("broken/rules/missing_action.yaml", """
                        name: missing_action
                        enabled: true
                        trigger:
                          type: core.st2.webhook
                          parameters:
                            url: x
                        action:
                          ref: broken.missing
                        """)
                .file("broken/rules/bad_trigger_params.yaml", """
                        name: bad_trigger_params
                        trigger:
                          type: core.st2.webhook
                          parameters:
                            uri: x
                        action:
                          ref: broken.fine
                        """)
                .file("broken/rules/good.yaml", """
                        name: good
                        trigger:
                          type: core.st2.webhook
                          parameters:
                            url: hook
                        action:
                          ref: broken.fine
                        """)
                .file("broken/policies/bad_policy.yaml", """
                        name: bad_policy
                        resource_ref: broken.fine
                        policy_type: action.concurrency
                        parameters:
                          threshold: many
                        """);
    }

    private List<RegistrationResult> registerWithCore(InMemoryStateStore store) {
        PackRegistration core =
                new PackRegistration(store, Path.of("../../packs"), root.resolve("configs"), Clock.systemUTC());
        core.register(List.of("core"));
        return new PackRegistration(store, fx.packs, root.resolve("configs"), Clock.systemUTC())
                .register(List.of("broken"));
    }

    @Test
    void everyProblemIsReportedWithFileLineAndColumn() {
        InMemoryStateStore store = new InMemoryStateStore();
        RegistrationResult r = registerWithCore(store).get(0);
        List<String> errors = r.errors().stream().map(ContentError::toString).toList();

        assertThat(errors)
                .anySatisfy(e -> assertThat(e).startsWith("packs/broken/actions/bad_yaml.yaml:4:1: invalid YAML:"));
        assertThat(errors)
                .contains(
                        "packs/broken/actions/unknown_runner.yaml:2:14: unknown runner type 'local-shel-cmd' (known: local-shell-cmd, "
                                + "local-shell-script, remote-shell-cmd, remote-shell-script, python-script, http-request, noop, "
                                + "action-chain, orquesta, inquirer, announcement, winrm-cmd, winrm-ps-cmd, winrm-ps-script)",
                        "packs/broken/actions/bad_param.yaml:7:11: parameter 'count': unknown type 'strng' (valid: array, boolean, "
                                + "integer, null, number, object, string)",
                        "packs/broken/actions/bad_enabled.yaml:3:10: field 'enabled': expected boolean, got string",
                        "packs/broken/actions/no_runner.yaml:1:1: missing required field 'runner_type'",
                        "packs/broken/actions/override.yaml:5:11: parameter 'timeout': cannot override 'type' of the runner "
                                + "parameter (may override only default, description, enum, immutable, required)",
                        "packs/broken/actions/script.yaml:3:14: field 'entry_point': file 'actions/missing.sh' does not exist",
                        "packs/broken/actions/dup2.yaml:1:1: duplicate action 'broken.dup' (already defined in "
                                + "packs/broken/actions/dup1.yaml)",
                        "packs/broken/rules/missing_action.yaml:8:8: rule 'broken.missing_action': action 'broken.missing' does not exist");
        assertThat(errors)
                .contains(
                        "packs/broken/rules/bad_trigger_params.yaml:5:5: rule 'broken.bad_trigger_params': trigger parameters: "
                                + "missing required parameter 'url'",
                        "packs/broken/rules/bad_trigger_params.yaml:5:10: rule 'broken.bad_trigger_params': trigger parameters: "
                                + "unknown parameter 'uri'",
                        "packs/broken/policies/bad_policy.yaml:5:14: policy 'broken.bad_policy': parameters: threshold: string "
                                + "found, integer expected");
        assertThat(errors).hasSize(12);
        assertThat(r.warnings())
                .extracting(ContentError::toString)
                .contains("packs/broken/actions/typo.yaml:3:1: unknown field 'entry_piont' ignored");
    }

    @Test
    void validContentBesideTheBrokenFilesStillRegisters() {
        InMemoryStateStore store = new InMemoryStateStore();
        RegistrationResult r = registerWithCore(store).get(0);

        assertThat(r.rejected()).isFalse();
        List<String> actions = store.store(Kinds.ACTION).find(Query.of(Filter.eq("pack", "broken"))).stream()
                .map(Action::ref)
                .toList();
        assertThat(actions).containsExactlyInAnyOrder("broken.fine", "broken.dup", "broken.typo");
        assertThat(store.store(Kinds.RULE).find(Query.of(Filter.eq("pack", "broken"))))
                .extracting(rule -> rule.ref())
                .containsExactly("broken.good");
        assertThat(store.store(Kinds.POLICY).count(Filter.all())).isZero();
    }

    @Test
    void aPackWithoutManifestIsReportedAndOthersStillLoad() {
        fx.file("nomanifest/actions/a.yaml", "name: a\nrunner_type: noop\n");
        fx.file("badmanifest/pack.yaml", "name: Bad Manifest!\ndescription: d\nversion: '1.0'\nauthor: a\n");
        List<LoadedPack> loaded = new PackLoader(root.resolve("configs")).loadAll(fx.packs);
        assertThat(loaded).extracting(LoadedPack::ref).containsExactly("badmanifest", "broken");
        LoadedPack bad = loaded.get(0);
        assertThat(bad.pack()).isNull();
        assertThat(bad.errors())
                .extracting(ContentError::toString)
                .containsExactly("packs/badmanifest/pack.yaml:3:10: field 'version': \"1.0\" is not a semantic version "
                        + "(MAJOR.MINOR.PATCH, e.g. 1.0.0)");
    }
}
