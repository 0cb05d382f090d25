package io.reflex.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEncodersTest {
    private final LoggerContext ctx = new LoggerContext();

    @Test
    void controlCharactersAreEscapedAndEverythingElseIsKept() {
        assertThat(LogEscape.escape("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i\u2029j\u202ek"))
                .isEqualTo("a\\nb\\rc\\td\\u0000e\\u001bf\\u007fg\\u0085h\\u2028i\\u2029j\\u202ek");
        String plain = "kvp set key=caf\u00e9 path=C:\\tmp \u4e2d";
        assertThat(LogEscape.escape(plain)).isSameAs(plain);
        assertThat(LogEscape.escape(null)).isNull();
    }

    @Test
    void theTextFormatWritesOneLineForAMessageWithLineBreaksAndKeepsTheTraceOnItsOwnLines() {
        LoggingEvent event =
                event("kvp set key={}", "x\n2030-01-01 ERROR forged", new IllegalStateException("bad\nname"));
        event.setMDCPropertyMap(Map.of("user", "u\r\nforged"));
        String text = encode("text", event);
        String[] lines = text.split("\n");
        assertThat(lines[0]).endsWith("- kvp set key=x\\n2030-01-01 ERROR forged");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: bad\\nname");
        assertThat(lines[2]).startsWith("\tat ");
        assertThat(text).doesNotContain("\nforged").doesNotContain("\n2030");
    }

    @Test
    void theJsonFormatEscapesValuesAsTheTextFormatDoes() {
        LoggingEvent event = event("trace_tag={}", "t\u0000\u2028x", new IllegalStateException("m\u2029"));
        event.setMDCPropertyMap(Map.of("k", "v\n"));
        String line = encode("json", event);
        assertThat(line.strip()).doesNotContain("\n").doesNotContain("\u2028").doesNotContain("\u2029");
        JsonNode json = Json.read(line, JsonNode.class);
        assertThat(json.get("arguments").get(0).asText()).isEqualTo("t\\u0000\\u2028x");
        assertThat(json.get("mdc").get("k").asText()).isEqualTo("v\\n");
        assertThat(json.get("throwable").get("message").asText()).isEqualTo("m\\u2029");
    }

    private LoggingEvent event(String message, Object arg, Throwable t) {
        return new LoggingEvent(
                LogEncodersTest.class.getName(), ctx.getLogger("io.reflex.test"), Level.INFO, message, t, new Object[] {
                    arg
                });
    }

    private String encode(String format, LoggingEvent event) {
        return new String(Logging.encoder(format, ctx).encode(event), StandardCharsets.UTF_8);
    }
}
