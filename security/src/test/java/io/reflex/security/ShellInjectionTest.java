package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.testing.JsonHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An executor (may run the shipped actions, nothing more) puts shell syntax into every string parameter of
 * every shipped action that runs a process: no payload ever runs a command (the file it would touch never
 * appears) and the actions that print a parameter print it literally. Also: the {@code env} parameter
 * cannot make the shell or Python run code, and registering a pack whose {@code cmd} fills a template
 * unquoted gives a located warning, the {@code shell_quote} form none.
 */
class ShellInjectionTest {
    private static final SecurityStack stack = SecurityStack.get();
    private static Path dir;

    @BeforeAll
    static void scratch() throws IOException {
        dir = Files.createTempDirectory("sec-shell-");
    }

    /** Shell injection payloads, each touching its own file {@code marker} when a shell runs it. */
    static List<String> payloads(Path marker) {
        String f = marker.toString();
        return List.of(
                "x\"; touch " + f + "; echo \"",
                "$(touch " + f + ")",
                "`touch " + f + "`",
                "'; touch " + f + "; '",
                "x\ntouch " + f + "\necho y",
                "x && touch " + f + " | cat");
    }

    private record Run(String label, Path marker, String payload, String id) {}

    /** Runs {@code ref} as the executor once per payload with {@code params(payload)}. */
    private static List<Run> runAll(String ref, Function<String, Map<String, Object>> params) {
        List<Run> runs = new ArrayList<>();
        int count = payloads(dir).size();
        for (int i = 0; i < count; i++) {
            Path marker = dir.resolve(ref.replace('.', '_') + "_" + runs.size() + "_" + System.nanoTime());
            String payload = payloads(marker).get(i);
            runs.add(new Run(
                    ref + " " + params.apply("<payload>") + " payload " + i,
                    marker,
                    payload,
                    run(ref, params.apply(payload))));
        }
        return runs;
    }

    private static String run(String ref, Map<String, Object> params) {
        JsonHttp.Response r = stack.post(
                "/api/v1/executions", stack.token("executor"), Json.write(Map.of("action", ref, "parameters", params)));
        assertThat(r.status()).as("%s %s", ref, r).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static JsonNode resultOf(Run run) {
        Execution e = stack.awaitCompleted(run.id());
        assertThat(run.marker()).as(run.label() + " ran a command").doesNotExist();
        return e.result();
    }

    @Test
    void coreEchoPrintsEveryPayloadLiterallyAndRunsNone() {
        for (Run run : runAll("core.echo", p -> Map.of("message", p))) {
            JsonNode result = resultOf(run);
            assertThat(result.path("stdout").asText()).as(run.label()).isEqualTo(run.payload());
            assertThat(result.path("return_code").asInt()).isZero();
            assertThat(result.path("succeeded").asBoolean()).isTrue();
            assertThat(result.path("failed").asBoolean()).isFalse();
            assertThat(result.has("stderr")).isTrue();
        }
    }

    @Test
    void coreErrorPrintsEveryPayloadLiterallyOnStandardErrorAndRunsNone() {
        for (Run run : runAll("core.error", p -> Map.of("message", p))) {
            JsonNode result = resultOf(run);
            assertThat(result.path("stderr").asText()).as(run.label()).isEqualTo(run.payload());
            assertThat(result.path("return_code").asInt()).isZero();
            assertThat(result.path("succeeded").asBoolean()).isTrue();
        }
    }

    @Test
    void aShellQuotedCmdDefaultPrintsEveryPayloadLiterally() {
        for (Run run : runAll("sec_shell.quoted_echo", p -> Map.of("message", p))) {
            assertThat(resultOf(run).path("stdout").asText()).as(run.label()).isEqualTo(run.payload());
        }
    }

    @Test
    void scriptParametersReachTheScriptAsArgumentsWhateverTheyHold() {
        for (Run run : runAll("examples.greet", p -> Map.of("name", p))) {
            assertThat(resultOf(run).path("stdout").asText())
                    .as(run.label())
                    .isEqualTo("Hello, " + run.payload() + "!");
        }
        for (Run run : runAll("examples.greet", p -> Map.of("name", "Ada", "greeting", p))) {
            assertThat(resultOf(run).path("stdout").asText()).as(run.label()).isEqualTo(run.payload() + ", Ada!");
        }
        // the named-argument prefix is a runner parameter the caller may set; a bare flag carries it too
        for (Run run : runAll("examples.greet", p -> Map.of("name", "Ada", "shout", true, "kwarg_op", p))) {
            resultOf(run);
        }
    }

    @Test
    void sendmailParametersNeverRunACommand() {
        for (Run run : runAll("core.sendmail", p -> {
            Map<String, Object> m = mail(p, p, p, p);
            m.put("attachments", p);
            m.put("content_type", p);
            return m;
        })) {
            resultOf(run);
        }
        // the binary is a parameter too: it may not name a shell that would read the message as commands
        for (Run run : runAll("core.sendmail", p -> {
            Map<String, Object> m = mail("ops@example.org", "s", "b", "x; " + p);
            m.put("sendmail_binary", "/bin/bash");
            return m;
        })) {
            JsonNode result = resultOf(run);
            assertThat(result.path("failed").asBoolean()).as(run.label()).isTrue();
        }
    }

    private static Map<String, Object> mail(String to, String subject, String body, String from) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", to);
        m.put("subject", subject);
        m.put("body", body);
        m.put("from", from);
        return m;
    }

    @Test
    void theEnvParameterCannotMakeTheShellRunCode() {
        Path fn = dir.resolve("env_function");
        Path trace = dir.resolve("env_trace");
        String function = "() { touch " + fn + "; }";
        for (String name : List.of("BASH_FUNC_printf%%", "BASH_FUNC_echo%%")) {
            Execution e =
                    stack.awaitCompleted(run("core.echo", Map.of("message", "hi", "env", Map.of(name, function))));
            assertThat(fn).as(name).doesNotExist();
            assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(e.result().path("error").asText()).contains("env", name);
        }
        ObjectNode env = Json.object().put("SHELLOPTS", "xtrace").put("PS4", "$(touch " + trace + ")");
        Execution e = stack.awaitCompleted(run("core.echo", Map.of("message", "hi", "env", env)));
        assertThat(trace).doesNotExist();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void theEnvParameterCannotMakePythonRunCode() {
        Path marker = dir.resolve("env_python");
        Map<String, Object> env =
                Map.of("PYTHONWARNINGS", "ignore::antigravity.Probe", "BROWSER", "sh -c \"touch " + marker + "\" #%s");
        Execution e = stack.awaitCompleted(run("core.uuid", Map.of("env", env)));
        assertThat(marker).doesNotExist();
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.result().path("error").asText()).contains("env");
    }

    @Test
    void registeringAnUnquotedCmdGivesLocatedWarningsAndTheQuotedFormNone() throws IOException {
        // the stack registered the packs directory on start: changed content makes registration read it again
        Path action = stack.packsDir.resolve("sec_shell/actions/lint_unsafe.yaml");
        Files.writeString(action, "# re-read " + System.nanoTime() + "\n", java.nio.file.StandardOpenOption.APPEND);

        JsonHttp.Response r = stack.register("sec_shell");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> warnings = new ArrayList<>();
        r.json().path("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings)
                .hasSize(2)
                .anySatisfy(w -> assertThat(w)
                        .startsWith("packs/sec_shell/actions/lint_unsafe.yaml:14:14: action 'sec_shell.lint_unsafe':")
                        .contains("{{ message }}", "shell_quote"))
                .anySatisfy(w -> assertThat(w)
                        .startsWith("packs/sec_shell/rules/lint_unsafe_rule.yaml:14:10: rule"
                                + " 'sec_shell.lint_unsafe_rule':")
                        .contains("{{ trigger.body.name }}", "shell_quote"));
        assertThat(warnings).noneMatch(w -> w.contains("lint_quoted") || w.contains("quoted_echo"));
        assertThat(r.json().path("actions").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(stack.get("/api/v1/actions/sec_shell.lint_unsafe", stack.admin())
                        .status())
                .isEqualTo(200);
    }
}
