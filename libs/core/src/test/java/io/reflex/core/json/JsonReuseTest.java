package io.reflex.core.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A record written several times inside a scope is serialized once, and the text is the same as without. */
class JsonReuseTest {
    static final AtomicInteger SERIALIZED = new AtomicInteger();

    record Record(String name, List<String> items) implements JsonReuse.Reusable {
        /** Called once per serialization of the record: the count of serializations. */
        @Override
        public String name() {
            SERIALIZED.incrementAndGet();
            return name;
        }
    }

    record Event(String event, Record record) {}

    final Record record = new Record("ünïcode \"quoted\"", List.of("a", "b"));

    @BeforeEach
    void reset() {
        SERIALIZED.set(0);
    }

    @Test
    void insideAScopeTheInstanceIsSerializedOnceAndWrittenAsWithout() {
        String alone = Json.write(record);
        String first = Json.write(new Event("one", record));
        String second = new String(Json.writeBytes(new Event("two", record)), UTF_8);
        assertThat(SERIALIZED).as("outside a scope").hasValue(3);

        SERIALIZED.set(0);
        try (JsonReuse once = JsonReuse.of(record)) {
            assertThat(Json.write(record)).isEqualTo(alone);
            assertThat(Json.write(new Event("one", record))).isEqualTo(first);
            assertThat(new String(Json.writeBytes(new Event("two", record)), UTF_8))
                    .isEqualTo(second);
        }
        assertThat(SERIALIZED).hasValue(1);
        assertThat(Json.read(second, Event.class)).isEqualTo(new Event("two", record));
    }

    @Test
    void anEqualInstanceATreeAndWritesAfterTheScopeAreSerializedAsUsual() {
        Record equal = new Record(record.name, List.of("a", "b"));
        try (JsonReuse once = JsonReuse.of(record)) {
            Json.write(record);
            SERIALIZED.set(0);
            Json.write(equal);
            assertThat(SERIALIZED).as("another instance, equal in value").hasValue(1);
            JsonNode tree = Json.tree(new Event("e", record));
            assertThat(tree.path("record").path("items").get(1).asText())
                    .as("a tree is built from the record, not from its text")
                    .isEqualTo("b");
        }
        SERIALIZED.set(0);
        Json.write(record);
        assertThat(SERIALIZED).as("after the scope").hasValue(1);
    }

    @Test
    void aScopeOfTheSameInstanceInsideOneSharesItAndClosingRestoresTheOuterScope() {
        Record other = new Record("other", List.of());
        try (JsonReuse outer = JsonReuse.of(record)) {
            Json.write(record);
            try (JsonReuse same = JsonReuse.of(record)) {
                Json.write(record);
            }
            try (JsonReuse inner = JsonReuse.of(other)) {
                Json.write(other);
                Json.write(other);
            }
            Json.write(record);
        }
        assertThat(SERIALIZED).as("record once, other once").hasValue(2);
    }

    @Test
    void aMapperConfiguredOtherwiseWritesItsOwnText() throws Exception {
        ObjectMapper indenting = Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Event event = new Event("e", record);
        String own = indenting.writeValueAsString(event);
        try (JsonReuse once = JsonReuse.of(record)) {
            Json.write(record);
            assertThat(indenting.writeValueAsString(event)).isEqualTo(own);
        }
    }
}
