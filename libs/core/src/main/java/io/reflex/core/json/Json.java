package io.reflex.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;

/**
 * The one JSON configuration of Reflex: snake_case field names (StackStorm's wire shape), instants in
 * StackStorm's fixed-width {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} form (so their text order is their time
 * order), unknown fields tolerated on read. The mapper is thread-safe and shared.
 */
public final class Json {
    private static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    /** The shared mapper. Do not reconfigure it; call {@link #newMapper()} for a private copy. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A factory whose buffers come from one pool that all threads share: Jackson's default keeps them per
     * thread, and the services handle each message on a virtual thread of its own, so every read and write
     * allocated its buffers anew (a tenth of the action runner's allocation). One factory per mapper, since a
     * mapper makes itself its factory's codec.
     */
    static JsonFactory factory() {
        return JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
    }

    public static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("reflex-instants");
        instants.addSerializer(Instant.class, new InstantSerializer());
        instants.addDeserializer(Instant.class, new InstantDeserializer());
        instants.setSerializerModifier(new JsonReuse.Modifier());
        return JsonMapper.builder(factory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(instants)
                // property access through generated lambdas instead of reflection: reflective getter calls were
                // the hottest frames of the runner and the rules engine (benchmarks/reports/pipeline.md)
                .addModule(new BlackbirdModule())
                .build();
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An empty object when {@code node} is null or not an object; otherwise the node itself. */
    public static ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode o ? o : object();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static final class InstantSerializer extends StdSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Timestamps.format(value));
        }
    }

    static final class InstantDeserializer extends StdDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_STRING -> Timestamps.parse(p.getText());
                case VALUE_NUMBER_INT -> Instant.ofEpochMilli(p.getLongValue());
                case VALUE_EMBEDDED_OBJECT -> fromEmbedded(p.getEmbeddedObject(), ctx);
                default -> (Instant) ctx.handleUnexpectedToken(Instant.class, p);
            };
        }

        private static Instant fromEmbedded(Object value, DeserializationContext ctx) throws IOException {
            if (value instanceof Date date) {
                return date.toInstant();
            }
            if (value instanceof Instant instant) {
                return instant;
            }
            throw ctx.weirdStringException(String.valueOf(value), Instant.class, "not a timestamp");
        }
    }
}
