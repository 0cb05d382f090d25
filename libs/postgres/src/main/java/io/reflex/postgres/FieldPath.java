package io.reflex.postgres;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.reflex.core.json.FreeForm;
import io.reflex.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a dotted document path of a record type leads to, as far as the record's declared types tell. The
 * shape decides how a condition on the path becomes SQL:
 *
 * <ul>
 *   <li>{@link Shape#SCALAR}: records all the way to one text, number or boolean; a typed SQL expression
 *       ({@code doc->'lease'->>'expires_at'}) that a btree index can serve.
 *   <li>{@link Shape#TEXT_LIST}: through a typed list to text values ({@code outbox.at}, {@code children});
 *       ranges and sorting go through the lowest or highest of the values, which a btree index can serve.
 *   <li>{@link Shape#FREE}: anything else (free-form JSON, {@link FreeForm} components, unknown fields,
 *       objects); evaluated with an
 *       SQL/JSON path, whose lax mode looks into lists the way {@link io.reflex.core.store.Filter} says.
 * </ul>
 *
 * @param steps the path's keys, in order
 * @param scalar for {@link Shape#SCALAR} and {@link Shape#TEXT_LIST}: the kind of value at the end
 * @param instant whether the values are {@link Instant}s (stored as fixed-width timestamp strings)
 */
record FieldPath(String path, List<String> steps, Shape shape, Scalar scalar, boolean instant) {
    enum Shape {
        ID,
        SCALAR,
        TEXT_LIST,
        FREE
    }

    enum Scalar {
        TEXT,
        NUMBER,
        BOOLEAN,
        OTHER
    }

    /** Keys that may appear inside SQL text (record property names are snake_case identifiers). */
    private static final Pattern SQL_SAFE_KEY = Pattern.compile("^[a-z_][a-z0-9_]*$");

    /** Records nest only a few levels; the bound guards against a self-referencing type. */
    private static final int MAX_DEPTH = 8;

    FieldPath {
        Objects.requireNonNull(path, "path");
        steps = List.copyOf(steps);
        if (shape == Shape.SCALAR || shape == Shape.TEXT_LIST) {
            for (String step : steps) {
                if (!SQL_SAFE_KEY.matcher(step).matches()) {
                    throw new IllegalStateException("typed path " + path + " has a key unfit for SQL: " + step);
                }
            }
        }
    }

    /** The shape of {@code path} in documents of {@code recordType}. */
    static FieldPath of(Class<?> recordType, String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("invalid field path '" + path + "'");
        }
        if (path.equals("id")) {
            return new FieldPath(path, List.of("id"), Shape.ID, Scalar.TEXT, false);
        }
        List<String> steps = List.of(path.split("\\."));
        ObjectMapper mapper = Json.mapper();
        JavaType type = mapper.constructType(recordType);
        boolean multi = false;
        for (int i = 0; i < steps.size(); i++) {
            JavaType property =
                    i < MAX_DEPTH && type.getRawClass().isRecord() ? property(mapper, type, steps.get(i)) : null;
            if (property == null) {
                return free(path, steps, false);
            }
            while (property.isCollectionLikeType() || property.isArrayType()) {
                property = property.getContentType();
                multi = true;
            }
            type = property;
        }
        Scalar scalar = scalar(type.getRawClass());
        boolean instant = type.getRawClass() == Instant.class;
        if (scalar == Scalar.OTHER) {
            return free(path, steps, false);
        }
        if (!multi) {
            return new FieldPath(path, steps, Shape.SCALAR, scalar, instant);
        }
        return scalar == Scalar.TEXT
                ? new FieldPath(path, steps, Shape.TEXT_LIST, scalar, instant)
                : free(path, steps, instant);
    }

    private static FieldPath free(String path, List<String> steps, boolean instant) {
        return new FieldPath(path, steps, Shape.FREE, Scalar.OTHER, instant);
    }

    private static JavaType property(ObjectMapper mapper, JavaType type, String name) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getName().equals(name)) {
                boolean freeForm = property.getPrimaryMember() != null
                        && property.getPrimaryMember().hasAnnotation(FreeForm.class);
                return freeForm ? null : property.getPrimaryType();
            }
        }
        return null;
    }

    private static Scalar scalar(Class<?> raw) {
        if (raw == String.class
                || raw == Instant.class
                || raw.isEnum()
                || raw == char.class
                || raw == Character.class) {
            return Scalar.TEXT;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Scalar.BOOLEAN;
        }
        if ((raw.isPrimitive() && raw != void.class) || Number.class.isAssignableFrom(raw)) {
            return Scalar.NUMBER;
        }
        return Scalar.OTHER;
    }

    /** The key of the first step, which every shape but {@link Shape#ID} starts from. */
    String head() {
        return steps.get(0);
    }
}
