package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellArgumentsTest {
    static ObjectNode json(String text) {
        return (ObjectNode) Json.read(text.replace('\'', '"'), JsonNode.class);
    }

    @Test
    void namedFirstThenPositionalInOrderWithStackStormSerialisation() {
        ObjectNode schema =
                json("{'host': {'position': 1}, 'path': {'position': 0}, 'flag': {'type': 'boolean', 'position': 2}}");
        ObjectNode params = json("{'host': 'h1', 'path': '/tmp/x y', 'flag': true, 'count': 3, 'verbose': true,"
                + " 'quiet': false, 'empty': '', 'none': null, 'tags': ['a', 'b'], 'opts': {'k': 1}}");
        List<String> args = ShellArguments.build(params, schema, "--");
        assertThat(args)
                .containsExactly("--count=3", "--verbose", "--tags=a,b", "'--opts={\"k\":1}'", "'/tmp/x y'", "h1", "1");
    }

    @Test
    void noValueCanInjectACommand() throws Exception {
        String evil = "x'; touch /tmp/pwned-reflex; echo '$(id)`id`";
        List<String> args = ShellArguments.build(
                json("{'msg': {}}").deepCopy().put("msg", evil), json("{'msg': {'position': 0}}"), "--");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "printf '%s' " + String.join(" ", args)));
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(cmd, null, Map.of(), Duration.ofSeconds(10), null), (s, l) -> {}, () -> false);
        assertThat(o.stdout()).isEqualTo(evil);
        assertThat(Path.of("/tmp/pwned-reflex")).doesNotExist();
    }

    @Test
    void quotingLeavesSafeWordsAlone() {
        assertThat(ShellArguments.quote("abc-1.2/x")).isEqualTo("abc-1.2/x");
        assertThat(ShellArguments.quote("a b")).isEqualTo("'a b'");
        assertThat(ShellArguments.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(ShellArguments.quote("")).isEqualTo("''");
    }

    @Test
    void aBareFlagIsQuotedSoAChosenKwargOpCannotInjectACommand() {
        List<String> args = ShellArguments.build(json("{'shout': true}"), json("{}"), "$(touch /tmp/pwned-reflex)");
        assertThat(args).containsExactly("'$(touch /tmp/pwned-reflex)shout'");
        assertThat(ShellArguments.build(json("{'shout': true}"), json("{}"), "--"))
                .containsExactly("--shout");
    }

    @Test
    void envVariablesThatWouldRunCodeAreRefused() {
        assertThat(ShellArguments.envRefusal(
                        json("{'GREETING': 'hi', 'PATH': '/usr/bin', 'PYTHONIOENCODING': 'utf-8'}")))
                .isEmpty();
        assertThat(ShellArguments.envRefusal(null)).isEmpty();
        for (String name : List.of(
                "BASH_FUNC_printf%%", "BASH_ENV", "SHELLOPTS", "PS4", "LD_PRELOAD", "PYTHONWARNINGS", "ld_preload")) {
            ObjectNode env = Json.object().put(name, "() { touch /tmp/pwned-reflex; }");
            assertThat(ShellArguments.envRefusal(env))
                    .as(name)
                    .hasValueSatisfying(m -> assertThat(m).contains("'env'").contains(name));
        }
    }
}
