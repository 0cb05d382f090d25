package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellWarningsTest {
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
        fx.manifest("demo");
    }

    private RegistrationResult register() {
        return registration.register(List.of("demo")).get(0);
    }

    private PackFixture shellAction(String name, String cmdDefault) {
        return fx.file("demo/actions/" + name + ".yaml", """
                name: %s
                runner_type: local-shell-cmd
                parameters:
                  message:
                    type: string
                  cmd:
                    immutable: true
                    default: '%s'
                """.formatted(name, cmdDefault));
    }

    @Test
    void anUnquotedParameterInACmdDefaultIsALocatedWarningAndTheActionStillRegisters() {
        shellAction("unsafe", "echo \"{{ message }}\"");

        RegistrationResult r = register();

        assertThat(r.errors()).isEmpty();
        assertThat(r.rejected()).isFalse();
        assertThat(r.warnings()).hasSize(1);
        ContentError w = r.warnings().get(0);
        assertThat(w.file()).isEqualTo("packs/demo/actions/unsafe.yaml");
        assertThat(w.line()).isEqualTo(8);
        assertThat(w.column()).isEqualTo(14);
        assertThat(w.message())
                .contains("action 'demo.unsafe'", "{{ message }}", "unquoted", "shell_quote", "local-shell-script");
        assertThat(store.store(Kinds.ACTION).findOne(Filter.eq("ref", "demo.unsafe")))
                .isPresent();
    }

    @Test
    void theShellQuoteFormAndLiteralCommandsDoNotWarn() {
        shellAction("safe", "printf %s {{ message | shell_quote }}")
                .action("demo", "literal", "uptime")
                .file("demo/actions/script.yaml", """
                        name: script
                        runner_type: local-shell-script
                        entry_point: s.sh
                        parameters:
                          message: {type: string, position: 0}
                        """)
                .file("demo/actions/s.sh", "echo \"$1\"\n");

        RegistrationResult r = register();

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void rulesAndChainsThatSupplyATemplatedCmdWarnAtTheValue() {
        fx.file("demo/rules/r.yaml", """
                        name: r
                        enabled: true
                        trigger:
                          type: core.st2.webhook
                          parameters: {url: demo}
                        action:
                          ref: core.local
                          parameters:
                            cmd: "touch {{ trigger.body.name }}"
                        """)
                .file("demo/rules/ok.yaml", """
                        name: ok
                        enabled: true
                        trigger:
                          type: core.st2.webhook
                          parameters: {url: demo2}
                        action:
                          ref: core.local
                          parameters:
                            cmd: "touch {{ trigger.body.name | shell_quote }}"
                        """)
                .file("demo/actions/c.yaml", """
                        name: c
                        runner_type: action-chain
                        entry_point: chains/c.yaml
                        parameters:
                          who: {type: string}
                        """)
                .file("demo/actions/chains/c.yaml", """
                        chain:
                          - name: first
                            ref: core.local
                            params:
                              cmd: "echo {{ who | shell_quote }}"
                            on-success: second
                          - name: second
                            ref: core.local
                            params:
                              cmd: "echo {{ first.stdout }}"
                        """);

        RegistrationResult r = register();

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings())
                .extracting(ContentError::toString)
                .containsExactlyInAnyOrder(
                        "packs/demo/actions/chains/c.yaml:10:12: workflow of 'demo.c': a cmd puts"
                                + " {{ first.stdout }} into a shell command unquoted; " + ShellWarnings.ADVICE,
                        "packs/demo/rules/r.yaml:9:10: rule 'demo.r': the cmd passed to 'core.local' puts"
                                + " {{ trigger.body.name }} into a shell command unquoted; " + ShellWarnings.ADVICE);
    }

    @Test
    void aQuotedValueInsideShellQuotesStillWarns() {
        assertThat(ShellWarnings.unquoted(TextNode.valueOf("echo \"{{ m | shell_quote }}\"")))
                .contains("{{ m | shell_quote }}");
        assertThat(ShellWarnings.unquoted(TextNode.valueOf("echo '{{ m }}'"))).contains("{{ m }}");
        assertThat(ShellWarnings.unquoted(TextNode.valueOf("echo \"a\" {{ m|shell_quote }} 'b'")))
                .isEmpty();
        assertThat(ShellWarnings.unquoted(TextNode.valueOf("echo \\\" {{ m | shell_quote() }}")))
                .isEmpty();
        assertThat(ShellWarnings.unquoted(TextNode.valueOf("{% if x %}ls{% endif %}")))
                .isEmpty();
    }

    @Test
    void theShippedPacksHaveNoWarnings() {
        List<RegistrationResult> results = new PackRegistration(
                        new InMemoryStateStore(), ShippedPacksTest.PACKS, root.resolve("configs"), Clock.systemUTC())
                .registerAll();

        assertThat(results).flatExtracting(RegistrationResult::warnings).isEmpty();
    }
}
