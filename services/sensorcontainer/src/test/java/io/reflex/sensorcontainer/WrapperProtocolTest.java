package io.reflex.sensorcontainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrapperProtocolTest {
    private static final String RS = "\u001e";

    @Test
    void aDispatchLineBecomesADispatch() {
        var line = WrapperProtocol.parse(
                RS
                        + "{\"type\":\"dispatch\",\"trigger\":\"examples.tick\",\"payload\":{\"count\":3},\"trace_tag\":\"t-1\"}");
        assertThat(line.output()).isNull();
        assertThat(line.problem()).isNull();
        assertThat(line.message())
                .isEqualTo(new WrapperProtocol.Dispatch(
                        "examples.tick",
                        Json.read("{\"count\":3}", com.fasterxml.jackson.databind.node.ObjectNode.class),
                        "t-1"));
    }

    @Test
    void anAbsentPayloadIsEmptyAndAnAbsentTraceTagBlank() {
        var line = WrapperProtocol.parse(RS + "{\"type\":\"dispatch\",\"trigger\":\"x.y\",\"payload\":null}");
        var d = (WrapperProtocol.Dispatch) line.message();
        assertThat(d.payload().isEmpty()).isTrue();
        assertThat(d.traceTag()).isEmpty();
    }

    @Test
    void aLineWithoutTheSeparatorIsOutputNeverAMessage() {
        var line = WrapperProtocol.parse("{\"type\":\"dispatch\",\"trigger\":\"x.y\"}");
        assertThat(line.message()).isNull();
        assertThat(line.output()).isEqualTo("{\"type\":\"dispatch\",\"trigger\":\"x.y\"}");
    }

    @Test
    void textBeforeTheSeparatorIsOutputAndTheRestStillAMessage() {
        var line = WrapperProtocol.parse("partial print" + RS + "{\"type\":\"ready\"}");
        assertThat(line.output()).isEqualTo("partial print");
        assertThat(line.message()).isEqualTo(new WrapperProtocol.Ready());
    }

    @Test
    void aMessageCutShortDoesNotSpoilTheNextOneOnItsLine() {
        var line = WrapperProtocol.parse(RS + "{\"type\":\"dispatch\",\"trig" + RS + "{\"type\":\"ready\"}");
        assertThat(line.message()).isEqualTo(new WrapperProtocol.Ready());
        assertThat(line.output()).isEqualTo(RS + "{\"type\":\"dispatch\",\"trig");
    }

    @Test
    void brokenMessagesAreProblemsNotDispatches() {
        assertThat(WrapperProtocol.parse(RS + "{not json").problem()).startsWith("not JSON");
        assertThat(WrapperProtocol.parse(RS + "[1,2]").problem()).startsWith("not a message object");
        assertThat(WrapperProtocol.parse(RS + "{\"type\":\"dispatch\",\"payload\":{}}")
                        .problem())
                .isEqualTo("dispatch without a trigger reference");
        assertThat(WrapperProtocol.parse(RS + "{\"type\":\"dispatch\",\"trigger\":\"x.y\",\"payload\":[1]}")
                        .problem())
                .isEqualTo("dispatch payload of x.y is not an object");
        assertThat(WrapperProtocol.parse(RS + "{\"type\":\"heartbeat\"}").message())
                .isEqualTo(new WrapperProtocol.Unknown("heartbeat"));
    }

    @Test
    void messagesToTheWrapperAreSingleJsonLines() {
        String init = WrapperProtocol.init(
                Json.read("{\"token\":\"a\\nb\"}", com.fasterxml.jackson.databind.node.ObjectNode.class));
        assertThat(init).isEqualTo("{\"type\":\"init\",\"config\":{\"token\":\"a\\nb\"}}\n");
        String add = WrapperProtocol.trigger("add_trigger", Json.object().put("id", "t1"));
        assertThat(add).isEqualTo("{\"type\":\"add_trigger\",\"trigger\":{\"id\":\"t1\"}}\n");
    }

    @Test
    void longLinesAreCutAndTheRestOfThemDropped() throws Exception {
        String input = "short\n" + "x".repeat(100) + "\nlast-without-newline\r";
        List<String> lines = new ArrayList<>();
        BoundedLines.forEach(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 10, lines::add);
        assertThat(lines).containsExactly("short", "xxxxxxxxxx", "last-witho");
    }

    @Test
    void sensorTextIsLoggedWithItsControlCharactersEscaped() {
        assertThat(SensorOutput.printable("a\u001eb\tc\u001b[31m\u007f")).isEqualTo("a\\x1eb\tc\\x1b[31m\\x7f");
    }

    @Test
    void respawnWaitsLongerForEachFailureInARowUpToTheCapAndForgetsAfterAGoodRun() {
        RespawnPolicy p = new RespawnPolicy(Duration.ofMillis(2500), Duration.ofSeconds(6), Duration.ofSeconds(10));
        assertThat(p.delay(1)).isEqualTo(Duration.ofMillis(2500));
        assertThat(p.delay(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.delay(3)).isEqualTo(Duration.ofSeconds(6));
        assertThat(p.delay(50)).isEqualTo(Duration.ofSeconds(6));
        assertThat(p.failuresAfter(0, Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(p.failuresAfter(4, Duration.ofSeconds(3))).isEqualTo(5);
        assertThat(p.failuresAfter(4, Duration.ofSeconds(10)))
                .as("a run of 10 s was a success")
                .isEqualTo(1);
    }
}
