package io.reflex.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PyFormatTest {
    @Test
    void jsonDumpsUsesPythonSeparatorsAndEscapesNonAscii() {
        var value = Json.read(
                "{\"a\": 1, \"b\": [true, null, \"é\\n\\\"q\\\"\"], \"c\": {}, \"d\": []}",
                com.fasterxml.jackson.databind.JsonNode.class);

        assertThat(PyFormat.jsonDumps(value))
                .isEqualTo("{\"a\": 1, \"b\": [true, null, \"\\u00e9\\n\\\"q\\\"\"], \"c\": {}, \"d\": []}");
    }

    @Test
    void jsonDumpsEscapesAstralCharactersAsSurrogatePairsAndKeepsKeyOrder() {
        var value = Json.read("{\"z\": \"😀\", \"a\": 10000000000}", com.fasterxml.jackson.databind.JsonNode.class);

        assertThat(PyFormat.jsonDumps(value)).isEqualTo("{\"z\": \"\\ud83d\\ude00\", \"a\": 10000000000}");
    }

    @Test
    void floatsAreWrittenAsPythonReprWritesThem() {
        assertThat(PyFormat.floatRepr(1.5)).isEqualTo("1.5");
        assertThat(PyFormat.floatRepr(100.0)).isEqualTo("100.0");
        assertThat(PyFormat.floatRepr(-2.25)).isEqualTo("-2.25");
        assertThat(PyFormat.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFormat.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PyFormat.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PyFormat.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PyFormat.floatRepr(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PyFormat.floatRepr(0.1)).isEqualTo("0.1");
        assertThat(PyFormat.floatRepr(0.0)).isEqualTo("0.0");
    }

    @Test
    void datetimeStrIsPythonStrOfAUtcDatetime() {
        assertThat(PyFormat.datetimeStr(Instant.parse("2024-01-01T10:00:00.123Z")))
                .isEqualTo("2024-01-01 10:00:00.123000+00:00");
        assertThat(PyFormat.datetimeStr(Instant.parse("2024-01-01T10:00:00Z"))).isEqualTo("2024-01-01 10:00:00+00:00");
    }

    @Test
    void isotimeHasMicrosecondsAndAnOffset() {
        assertThat(PyFormat.isotime(Instant.parse("2024-01-01T10:00:00Z")))
                .isEqualTo("2024-01-01T10:00:00.000000+00:00");
    }

    @Test
    void bothDatetimeFormsMatchTheFormattersOverTheYearsAndFractions() {
        DateTimeFormatter seconds =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        DateTimeFormatter micros =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00.5Z"),
                Instant.parse("2024-02-29T12:00:00.000000500Z")));
        for (int i = 0; i < 2000; i++) {
            instants.add(Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_800L), random.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            int fraction = t.getNano() / 1000;
            assertThat(PyFormat.datetimeStr(t))
                    .as(t.toString())
                    .isEqualTo(seconds.format(t) + (fraction == 0 ? "" : String.format(".%06d", fraction)) + "+00:00");
            assertThat(PyFormat.isotime(t)).as(t.toString()).isEqualTo(micros.format(t) + "+00:00");
        }
    }
}
