package io.reflex.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Sort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Translates {@link Filter}s and {@link Sort}s of one kind into MongoDB query documents, with the semantics
 * documented on {@link Filter}: {@code eq null} and {@code missing} match absent and null fields alike,
 * ranges only match values of the operand's type, and {@code id} is the document {@code _id}. Operands
 * for the kind's instant fields become dates (strings are parsed as timestamps); any other instant operand
 * becomes a date too and so never matches a string.
 */
final class MongoQueries {
    private static final String REGEX_SPECIALS = "\\^$.|?*+()[]{}";

    private final Set<String> instantFields;

    MongoQueries(Set<String> instantFields) {
        this.instantFields = Set.copyOf(instantFields);
    }

    Bson filter(Filter filter) {
        return switch (filter) {
            case Filter.All all -> new Document();
            case Filter.Compare c -> new Document(field(c.field()), new Document(op(c), operand(c)));
            case Filter.In in -> new Document(field(in.field()), new Document("$in", operands(in)));
            case Filter.Exists e -> new Document(field(e.field()), new Document(e.present() ? "$ne" : "$eq", null));
            case Filter.StartsWith s -> startsWith(s);
            case Filter.And and -> and.filters().isEmpty() ? new Document() : new Document("$and", all(and.filters()));
            case Filter.Or or -> or.filters().isEmpty() ? nothing() : new Document("$or", all(or.filters()));
        };
    }

    /** The sort keys followed by {@code _id} ascending, so ties come out in id order. */
    static Bson sort(Sort sort) {
        Document doc = new Document();
        for (Sort.Key key : sort.keys()) {
            doc.putIfAbsent(field(key.field()), key.ascending() ? 1 : -1);
        }
        doc.putIfAbsent(MongoCodec.ID, 1);
        return doc;
    }

    static String field(String path) {
        return path.equals("id") ? MongoCodec.ID : path;
    }

    private List<Bson> all(List<Filter> filters) {
        List<Bson> out = new ArrayList<>(filters.size());
        filters.forEach(f -> out.add(filter(f)));
        return out;
    }

    /**
     * A prefix only matches strings. MongoDB's {@code $regex} skips other types by itself, but
     * mongo-java-server matches the text of numbers and dates too (and ignores other operators next to a
     * {@code $regex}), hence the separate {@code $type} condition.
     */
    private static Bson startsWith(Filter.StartsWith s) {
        String field = field(s.field());
        return new Document(
                "$and",
                List.of(
                        new Document(field, new Document("$type", "string")),
                        new Document(field, new Document("$regex", "^" + quote(s.prefix())))));
    }

    /** MongoDB rejects an empty {@code $or}; an impossible id condition matches nothing the same way. */
    private static Bson nothing() {
        return new Document(MongoCodec.ID, new Document("$in", List.of()));
    }

    private static String op(Filter.Compare c) {
        if (c.value() == null && c.op() != Filter.Op.EQ && c.op() != Filter.Op.NE) {
            throw new IllegalArgumentException("filter " + c.op() + " on " + c.field() + " needs a value, not null");
        }
        return switch (c.op()) {
            case EQ -> "$eq";
            case NE -> "$ne";
            case GT -> "$gt";
            case GTE -> "$gte";
            case LT -> "$lt";
            case LTE -> "$lte";
        };
    }

    private Object operand(Filter.Compare c) {
        return operand(c.field(), c.value());
    }

    private List<Object> operands(Filter.In in) {
        List<Object> out = new ArrayList<>(in.values().size());
        in.values().forEach(v -> out.add(operand(in.field(), v)));
        return out;
    }

    Object operand(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        if (value instanceof String text && instantFields.contains(field)) {
            return Date.from(Timestamps.parse(text));
        }
        JsonNode node = Json.tree(value);
        if (node.isContainerNode()) {
            throw new IllegalArgumentException("filter value for " + field + " must be a scalar, was " + node);
        }
        return MongoCodec.toBson(node);
    }

    private static String quote(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char ch = literal.charAt(i);
            if (REGEX_SPECIALS.indexOf(ch) >= 0) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }
}
