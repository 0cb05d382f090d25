package io.reflex.core.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dotted JSON paths of a record type whose values are {@link Instant}s ({@code start_timestamp},
 * {@code lease.expires_at}, {@code log.timestamp}), found by walking the record's properties under
 * {@link Json#mapper()} through nested records and lists. Stores need them because they keep instants in a
 * form of their own (MongoDB: BSON dates), so a filter operand for one of these paths must be converted too,
 * even when the caller passed the timestamp as a string. A {@link FreeForm} component is not looked into.
 */
public final class InstantFields {
    /** Records nest only a few levels; the bound guards against a self-referencing type. */
    private static final int MAX_DEPTH = 6;

    /** The walk is pure and every store of a kind asks for the same type: remember the answer per class. */
    private static final ClassValue<Set<String>> CACHE = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            ObjectMapper mapper = Json.mapper();
            Set<String> paths = new TreeSet<>();
            collect(mapper, mapper.constructType(type), "", paths, 0);
            return Set.copyOf(paths);
        }
    };

    private InstantFields() {}

    /** The instant-valued paths of {@code recordType}; empty when it has none. Thread-safe, never null. */
    public static Set<String> of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    private static void collect(ObjectMapper mapper, JavaType type, String prefix, Set<String> paths, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getPrimaryMember() != null
                    && property.getPrimaryMember().hasAnnotation(FreeForm.class)) {
                continue;
            }
            JavaType valueType = property.getPrimaryType();
            while (valueType.isCollectionLikeType() || valueType.isArrayType()) {
                valueType = valueType.getContentType();
            }
            String path = prefix + property.getName();
            if (valueType.getRawClass() == Instant.class) {
                paths.add(path);
            } else if (valueType.getRawClass().isRecord()) {
                collect(mapper, valueType, path + ".", paths, depth + 1);
            }
        }
    }
}
