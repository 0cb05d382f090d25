package io.reflex.mongo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import io.reflex.core.store.RecordSchemas;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Records to BSON documents and back, through the shared JSON form (snake_case names), so a record read
 * back equals the record written. The record {@code id} is the document {@code _id}. Instant-typed
 * properties are written as BSON dates (so range queries and TTL indexes work on them) and read back as
 * the fixed-width timestamp strings the JSON form uses. Keys inside free-form objects may contain
 * {@code .} and {@code $} (rule criteria such as {@code trigger.body.x}), which MongoDB does not accept
 * reliably in stored keys: they are written as U+FF0E and U+FF04 and turned back on read, the escaping
 * StackStorm uses too.
 */
final class MongoCodec {
    static final String ID = "_id";
    private static final char DOT = '\uFF0E';
    private static final char DOLLAR = '\uFF04';
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Json's configuration, except that instants become embedded {@link Date}s in the tree. */
    private static final ObjectMapper DATES = datesMapper();

    private MongoCodec() {}

    static Document toDocument(Entity entity) {
        JsonNode tree = RecordSchemas.stamp(DATES.valueToTree(entity), entity.getClass());
        Document doc = new Document(ID, entity.id());
        for (Map.Entry<String, JsonNode> field : tree.properties()) {
            if (!field.getKey().equals("id")) {
                doc.put(escape(field.getKey()), toBson(field.getValue()));
            }
        }
        return doc;
    }

    /**
     * @throws IllegalStateException when the stored document does not fit the record type
     */
    static <T> T fromDocument(Document doc, Class<T> type) {
        ObjectNode tree = NODES.objectNode();
        tree.set("id", toJson(doc.get(ID)));
        for (Map.Entry<String, Object> field : doc.entrySet()) {
            if (!field.getKey().equals(ID)) {
                tree.set(unescape(field.getKey()), toJson(field.getValue()));
            }
        }
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "stored document " + doc.get(ID) + " is not a valid " + type.getSimpleName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** A JSON value as the BSON value the driver writes; embedded dates stay dates. */
    static Object toBson(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Document doc = new Document();
                node.properties().forEach(e -> doc.put(escape(e.getKey()), toBson(e.getValue())));
                yield doc;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(toBson(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case NUMBER -> number(node);
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY -> new Binary(binary(node));
            case POJO -> pojo(((POJONode) node).getPojo());
        };
    }

    private static Object number(JsonNode node) {
        if (node.isInt() || node.isShort()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            try {
                return new Decimal128(node.decimalValue());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("number " + node + " does not fit a BSON decimal", e);
            }
        }
        return node.doubleValue();
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable binary value", e);
        }
    }

    private static Object pojo(Object value) {
        if (value instanceof Date || value == null) {
            return value;
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " in a document");
    }

    /** A BSON value read by the driver as a JSON value; dates become fixed-width timestamp strings. */
    static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Boolean b -> NODES.booleanNode(b);
            case Date date -> NODES.textNode(Timestamps.format(date.toInstant()));
            case Map<?, ?> map -> object(map);
            case List<?> list -> array(list);
            case Decimal128 d -> decimal(d);
            case Binary b -> NODES.binaryNode(b.getData());
            case ObjectId oid -> NODES.textNode(oid.toHexString());
            default -> NODES.textNode(String.valueOf(value));
        };
    }

    private static ObjectNode object(Map<?, ?> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach((k, v) -> node.set(unescape(String.valueOf(k)), toJson(v)));
        return node;
    }

    private static ArrayNode array(List<?> list) {
        ArrayNode node = NODES.arrayNode(list.size());
        list.forEach(v -> node.add(toJson(v)));
        return node;
    }

    private static JsonNode decimal(Decimal128 value) {
        return value.isNaN() || value.isInfinite()
                ? NODES.numberNode(value.doubleValue())
                : NODES.numberNode(value.bigDecimalValue());
    }

    static String escape(String key) {
        return key.indexOf('.') < 0 && key.indexOf('$') < 0
                ? key
                : key.replace('.', DOT).replace('$', DOLLAR);
    }

    static String unescape(String key) {
        return key.indexOf(DOT) < 0 && key.indexOf(DOLLAR) < 0
                ? key
                : key.replace(DOT, '.').replace(DOLLAR, '$');
    }

    private static ObjectMapper datesMapper() {
        SimpleModule dates = new SimpleModule("reflex-bson-dates");
        dates.addSerializer(Instant.class, new DateSerializer());
        ObjectMapper mapper = Json.newMapper();
        mapper.registerModule(dates);
        return mapper;
    }

    /** Writes an instant as an embedded Date, which the tree keeps as a POJO node. */
    private static final class DateSerializer extends StdSerializer<Instant> {
        DateSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeEmbeddedObject(Date.from(value));
        }
    }
}
