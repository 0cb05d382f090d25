package io.reflex.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterCastsTest {
    @TempDir
    Path dir;

    static final JsonNode SCHEMA = json("""
            {"cmd": {"type": "string"}, "count": {"type": "integer"}, "ratio": {"type": "number"},
             "force": {"type": "boolean"}, "env": {"type": "object"}, "hosts": {"type": "array"},
             "ports": {"type": "array", "items": {"type": "integer"}}, "maybe": {"type": ["null", "integer"]},
             "text": {"type": "string"}}""");

    static JsonNode json(String s) {
        return Json.read(s, JsonNode.class);
    }

    JsonNode cast(String... args) {
        return ParameterCasts.cast(List.of(args), SCHEMA, dir);
    }

    @Test
    void scalarsAreCastToTheirDeclaredTypes() {
        assertThat(cast("count=3", "ratio=0.5", "force=TRUE", "maybe=7", "text=42", "other=x"))
                .isEqualTo(json("{\"count\": 3, \"ratio\": 0.5, \"force\": true, \"maybe\": 7,"
                        + " \"text\": \"42\", \"other\": \"x\"}"));
        assertThat(cast("ratio=2").get("ratio").isIntegralNumber()).isTrue();
    }

    @Test
    void objectsAreJsonOrKeyValuePairs() {
        assertThat(cast("env={\"A\": 1}").get("env")).isEqualTo(json("{\"A\": 1}"));
        assertThat(cast("env=A=1,B=two").get("env")).isEqualTo(json("{\"A\": \"1\", \"B\": \"two\"}"));
    }

    @Test
    void arraysAreJsonOrCommaListsCastPerItemAndRepeatedKeysAppend() {
        assertThat(cast("hosts=a, b,c").get("hosts")).isEqualTo(json("[\"a\", \"b\", \"c\"]"));
        assertThat(cast("hosts=[\"x\", 1]").get("hosts")).isEqualTo(json("[\"x\", 1]"));
        assertThat(cast("ports=80,443", "ports=8080").get("ports")).isEqualTo(json("[80, 443, 8080]"));
        assertThat(cast("ports=22").get("ports")).isEqualTo(json("[22]"));
    }

    @Test
    void valuesKeepEverythingAfterTheFirstEqualsSign() {
        assertThat(cast("text=a=b=c").get("text").asText()).isEqualTo("a=b=c");
    }

    @Test
    void theFirstBareArgumentStartsTheCommand() {
        assertThat(cast("count=1", "ls", "-la", "/tmp")).isEqualTo(json("{\"count\": 1, \"cmd\": \"ls -la /tmp\"}"));
    }

    @Test
    void aBareArgumentWithoutACmdParameterIsAUsageError() {
        assertThatThrownBy(() -> ParameterCasts.cast(List.of("oops"), json("{}"), dir))
                .isInstanceOf(ClientException.class)
                .hasMessage("expected a parameter as key=value, got 'oops'");
    }

    @Test
    void fileParametersSendTheFileContent() throws Exception {
        Files.writeString(dir.resolve("script.sh"), "echo hi\n");
        assertThat(cast("@text=script.sh").get("text").asText()).isEqualTo("echo hi\n");
        assertThatThrownBy(() -> cast("@text=missing.sh")).hasMessageStartingWith("parameter 'text': cannot read file");
    }

    @Test
    void valuesThatDoNotFitTheirTypeAreUsageErrorsNamingTheParameter() {
        assertThatThrownBy(() -> cast("count=1.5")).hasMessage("parameter 'count': '1.5' is not an integer");
        assertThatThrownBy(() -> cast("ratio=abc")).hasMessage("parameter 'ratio': 'abc' is not a number");
        assertThatThrownBy(() -> cast("force=yes"))
                .hasMessage("parameter 'force': 'yes' is not a boolean (true or false)");
        assertThatThrownBy(() -> cast("env=[1]"))
                .hasMessage("parameter 'env': '[1]' is not a JSON object or k1=v1,k2=v2");
        assertThatThrownBy(() -> cast("ports=80,x")).hasMessage("parameter 'ports': 'x' is not an integer");
        assertThatThrownBy(() -> cast("hosts=[1,"))
                .isInstanceOf(ClientException.class)
                .hasMessageStartingWith("parameter 'hosts': '[1,' is not a JSON array (")
                .satisfies(e -> assertThat(((ClientException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
