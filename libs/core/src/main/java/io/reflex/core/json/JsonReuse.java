package io.reflex.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * One record written as JSON several times in a row, serialized once: an execution is stored and then appended
 * to the event log under two event names, three serializations of the same instance (the largest record Reflex
 * writes, on every status change). Inside {@link #of(Reusable)}, each serialization of that very instance (by
 * identity, never by equality) on this thread writes the text the first one made. The record is immutable for
 * as long as the scope lasts (its writer stores and publishes it and changes nothing in between), so the text
 * cannot go stale; outside a scope, for a tree ({@link Json#tree}) and for a mapper configured otherwise than
 * the one that made the text, nothing changes.
 */
public final class JsonReuse implements AutoCloseable {
    /** A record type whose instances may be written once for several writes: see the class comment. */
    public interface Reusable {}

    private static final ThreadLocal<JsonReuse> CURRENT = new ThreadLocal<>();
    private static final JsonFactory FACTORY = Json.factory();
    /** The length of the last text made, so that the next one is written into a buffer that need not grow. */
    private static volatile int lastLength = 4096;

    private final Reusable value;
    private final JsonReuse outer;
    private String json;
    private SerializationConfig madeWith; // the configuration that made json: another mapper's text is not reused
    private int nested; // scopes of the same instance opened inside this one, sharing it

    private JsonReuse(Reusable value, JsonReuse outer) {
        this.value = value;
        this.outer = outer;
    }

    /**
     * Opens a scope in which {@code value} is serialized once on this thread; close it where the writes end. A
     * scope of the same instance opened inside it shares it.
     */
    public static JsonReuse of(Reusable value) {
        JsonReuse current = CURRENT.get();
        if (current != null && current.value == value) {
            current.nested++;
            return current;
        }
        JsonReuse scope = new JsonReuse(value, current);
        CURRENT.set(scope);
        return scope;
    }

    /**
     * The length of the text this thread's scope made for {@code value}, or -1 when it made none (no scope of that
     * instance, or not serialized yet in it): what a writer that has stored a record knows of its size for free.
     */
    public static int length(Reusable value) {
        JsonReuse scope = CURRENT.get();
        return scope != null && scope.value == value && scope.json != null ? scope.json.length() : -1;
    }

    @Override
    public void close() {
        if (nested > 0) {
            nested--;
        } else if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /** Wraps the serializer of every {@link Reusable} type; registered by {@link Json#newMapper()}. */
    static final class Modifier extends BeanSerializerModifier {
        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> modifySerializer(
                SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
            if (!Reusable.class.isAssignableFrom(description.getBeanClass())) {
                return serializer;
            }
            return new Reusing((JsonSerializer<Object>) serializer);
        }
    }

    /** A type's own serializer, answering from the scope's text for the scope's instance. */
    private static final class Reusing extends JsonSerializer<Object>
            implements ContextualSerializer, ResolvableSerializer {
        private final JsonSerializer<Object> serializer;

        Reusing(JsonSerializer<Object> serializer) {
            this.serializer = serializer;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            JsonReuse scope = CURRENT.get();
            if (scope == null
                    || scope.value != value
                    || gen instanceof TokenBuffer
                    || (scope.json != null && scope.madeWith != provider.getConfig())) {
                serializer.serialize(value, gen, provider);
                return;
            }
            if (scope.json == null) {
                StringWriter text = new StringWriter(Math.min(lastLength, 64 * 1024) + 256);
                try (JsonGenerator own = FACTORY.createGenerator(text)) {
                    own.setCodec(gen.getCodec());
                    serializer.serialize(value, own, provider);
                }
                scope.json = text.toString();
                lastLength = scope.json.length();
                scope.madeWith = provider.getConfig();
            }
            gen.writeRawValue(scope.json);
        }

        @Override
        public void serializeWithType(
                Object value, JsonGenerator gen, SerializerProvider provider, TypeSerializer types) throws IOException {
            serializer.serializeWithType(value, gen, provider, types);
        }

        @Override
        public JsonSerializer<Object> unwrappingSerializer(NameTransformer names) {
            return serializer.unwrappingSerializer(names);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Object value) {
            return serializer.isEmpty(provider, value);
        }

        @Override
        public Class<Object> handledType() {
            return serializer.handledType();
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (serializer instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            if (!(serializer instanceof ContextualSerializer contextual)) {
                return this;
            }
            JsonSerializer<?> made = contextual.createContextual(provider, property);
            return made == serializer ? this : new Reusing((JsonSerializer<Object>) made);
        }
    }
}
