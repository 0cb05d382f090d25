package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.runtime.service.Logging;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Input that reaches a log line must not be able to start a line of its own (a forged entry) nor carry raw
 * control characters (NUL, terminal escapes, Unicode line separators). The services' log lines are captured
 * with the encoders {@code logging.format=text} and {@code json} use in production.
 */
class LogInjectionTest {
    private static final SecurityStack stack = SecurityStack.get();
    private static final String FORGED_DAY = "2030-01-01";
    private static final String FORGED_TIME = FORGED_DAY + "T00:00:00.000Z";
    /** How the production text format starts an event: an ISO-8601 UTC time, then the level. */
    private static final String EVENT_START =
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\[";

    private static final List<Capture> captures = new ArrayList<>();

    /** One production encoder writing into memory. */
    private record Capture(String format, ByteArrayOutputStream out, OutputStreamAppender<ILoggingEvent> appender) {
        String text() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @BeforeAll
    static void capture() {
        assertThat(stack.register("sec_headers").status()).isEqualTo(200);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (String format : List.of("text", "json")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
            appender.setContext(ctx);
            appender.setName("security-capture-" + format);
            appender.setEncoder(Logging.encoder(format, ctx));
            appender.setOutputStream(out);
            appender.start();
            root.addAppender(appender);
            captures.add(new Capture(format, out, appender));
        }
    }

    @AfterAll
    static void release() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captures.forEach(c -> {
            root.detachAppender(c.appender());
            c.appender().stop();
        });
    }

    @Test
    void aTraceTagWithLineBreaksAndControlCharactersWritesOneEscapedLine() {
        String id = UUID.randomUUID().toString();
        String forged = "forged-trace-" + id;
        String tag = "sec-log-" + id + "\r\n" + FORGED_TIME + " ERROR [main] " + forged
                + " \u0000\u001b[2J\u0085\u2028\u2029end";
        String trigger = stack.get("/api/v1/webhooks/sec_headers", stack.admin())
                .json()
                .get("ref")
                .asText();
        String body = Json.write(java.util.Map.of("trigger", trigger, "payload", java.util.Map.of(), "trace_tag", tag));
        var sent = stack.post("/api/v1/webhooks/st2", stack.admin(), body);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        awaitLogged(forged);
        for (Capture c : captures) {
            assertOneEscapedLine(c, forged);
        }
        String text = textCapture().text();
        assertThat(text)
                .as("escaped as \\r\\n, \\u0000, \\u001b, \\u0085, \\u2028, \\u2029")
                .contains("sec-log-" + id + "\\r\\n" + FORGED_TIME + " ERROR [main] " + forged
                        + " \\u0000\\u001b[2J\\u0085\\u2028\\u2029end");
        JsonNode json = jsonLine(forged);
        assertThat(json.toString()).contains("\\\\r\\\\n" + FORGED_TIME);
    }

    @Test
    void aKeyNamedWithAnEncodedLineBreakAndNulForgesNoLine() {
        String id = UUID.randomUUID().toString();
        String forged = "forged-key-" + id;
        String encoded = "sec-log-" + id + "%0A" + FORGED_TIME + "%20ERROR%20%5Bmain%5D%20" + forged + "%00";
        String name = "sec-log-" + id + "\n" + FORGED_TIME + " ERROR [main] " + forged + "\u0000";
        var put = stack.put(
                "/api/v1/keys/" + encoded, stack.admin(), Json.write(java.util.Map.of("name", name, "value", "v")));
        assertThat(put.status())
                .as("a name with control characters is refused, or stored and logged escaped: " + put)
                .isIn(200, 400);
        if (put.status() == 200) {
            awaitLogged(forged);
            assertThat(textCapture().text()).contains("sec-log-" + id + "\\n" + FORGED_TIME);
        }
        for (Capture c : captures) {
            assertOneEscapedLine(c, forged);
        }
    }

    @Test
    void aLoginNameWithALineBreakForgesNoLine() {
        String id = UUID.randomUUID().toString();
        String forged = "forged-login-" + id;
        // a colon would end the user name of Basic credentials
        String user = "sec-log-" + id + "\n" + FORGED_DAY + " ERROR [main] " + forged;
        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString((user + ":nope").getBytes(StandardCharsets.UTF_8));
        var r = stack.send("POST", stack.authUrl + "/auth/v1/tokens", null, null, "Authorization", basic);
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        awaitLogged(forged);
        for (Capture c : captures) {
            assertOneEscapedLine(c, forged);
        }
        assertThat(textCapture().text()).contains("sec-log-" + id + "\\n" + FORGED_DAY);
    }

    private static void awaitLogged(String marker) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> captures.stream().allMatch(c -> c.text().contains(marker)));
    }

    /** No line starts with the forged text, each line is one whole event, no raw control character. */
    private static void assertOneEscapedLine(Capture c, String forged) {
        String text = c.text();
        for (String line : text.split("\n", -1)) {
            assertThat(line).as(c.format() + " log line").doesNotStartWith(FORGED_DAY);
            if (line.isEmpty()) {
                continue;
            }
            if (c.format().equals("json")) {
                assertThat(Json.read(line, JsonNode.class).isObject())
                        .as("json line " + line)
                        .isTrue();
            } else if (line.contains(forged)) {
                assertThat(line).as("text line").matches(EVENT_START + ".*");
            }
        }
        for (char bad : new char[] {'\r', '\u0000', '\u001b', '\u0085', '\u2028', '\u2029'}) {
            assertThat(text.indexOf(bad))
                    .as(c.format() + " log holds raw U+%04X", (int) bad)
                    .isEqualTo(-1);
        }
    }

    private static Capture textCapture() {
        return captures.stream()
                .filter(c -> c.format().equals("text"))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode jsonLine(String marker) {
        Capture json = captures.stream()
                .filter(c -> c.format().equals("json"))
                .findFirst()
                .orElseThrow();
        for (String line : json.text().split("\n")) {
            if (line.contains(marker)) {
                return Json.read(line, JsonNode.class);
            }
        }
        throw new AssertionError("no json log line holds " + marker);
    }
}
