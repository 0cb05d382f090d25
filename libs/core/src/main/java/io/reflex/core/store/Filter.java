package io.reflex.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A store query condition over dotted snake_case document paths ({@code action.ref}, {@code status}).
 * Values are strings, numbers, booleans, instants or enums (compared by their JSON form). Every store
 * evaluates filters the same way, MongoDB's way; the contract suite checks it:
 *
 * <ul>
 *   <li>{@code id} is the record id. A path through a list looks into every element, and a path ending on a
 *       list also yields its elements; a condition holds when any of those values satisfies it
 *       ({@code eq("log.status", "running")}, {@code eq("children", id)}).
 *   <li>An absent field and a null field are the same: {@code eq(f, null)} and {@link #missing} match
 *       both, {@link #exists} neither. {@code ne(f, v)} is exactly {@code not eq(f, v)}, so it matches
 *       records without {@code f}. Range operators need a non-null value (IllegalArgumentException).
 *   <li>Values of different types are never equal and never in range of each other: {@code gt("version",
 *       "1")} matches nothing. Numbers compare by value whatever their width ({@code 1 == 1L == 1.0});
 *       strings by code point, case-sensitive; booleans false before true.
 *   <li>Fields of type {@link java.time.Instant} compare by time. Their operand may be an Instant or a
 *       timestamp string (parsed as {@link io.reflex.core.json.Timestamps#parse}; an unparsable one is an
 *       IllegalArgumentException). An Instant operand on any other field matches nothing (stores keep
 *       instants as dates, which no string equals). {@link StartsWith} matches strings only, never
 *       instant, number or boolean fields.
 *   <li>{@code In} with no values matches nothing; {@code And} with no filters matches everything,
 *       {@code Or} with none nothing.
 * </ul>
 *
 * <p>{@link Sort} follows the same order: absent and null first when ascending (last when descending),
 * then numbers, strings, objects, lists, booleans, instants; a multi-valued path sorts by its lowest value
 * ascending and highest descending.
 */
public sealed interface Filter {
    enum Op {
        EQ,
        NE,
        GT,
        GTE,
        LT,
        LTE
    }

    record All() implements Filter {}

    record Compare(String field, Op op, Object value) implements Filter {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
        }
    }

    record In(String field, List<Object> values) implements Filter {
        public In {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
        }
    }

    /** The field is present and not null ({@code present = true}), or absent/null. */
    record Exists(String field, boolean present) implements Filter {}

    /** String field starting with {@code prefix} (case-sensitive). */
    record StartsWith(String field, String prefix) implements Filter {}

    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    static Filter all() {
        return new All();
    }

    static Filter eq(String field, Object value) {
        return new Compare(field, Op.EQ, value);
    }

    static Filter ne(String field, Object value) {
        return new Compare(field, Op.NE, value);
    }

    static Filter gt(String field, Object value) {
        return new Compare(field, Op.GT, value);
    }

    static Filter gte(String field, Object value) {
        return new Compare(field, Op.GTE, value);
    }

    static Filter lt(String field, Object value) {
        return new Compare(field, Op.LT, value);
    }

    static Filter lte(String field, Object value) {
        return new Compare(field, Op.LTE, value);
    }

    static Filter in(String field, Collection<?> values) {
        return new In(field, List.copyOf(values));
    }

    static Filter exists(String field) {
        return new Exists(field, true);
    }

    static Filter missing(String field) {
        return new Exists(field, false);
    }

    static Filter startsWith(String field, String prefix) {
        return new StartsWith(field, prefix);
    }

    static Filter and(Filter... filters) {
        return new And(List.of(filters));
    }

    static Filter and(List<Filter> filters) {
        return filters.size() == 1 ? filters.get(0) : new And(filters);
    }

    static Filter or(Filter... filters) {
        return new Or(List.of(filters));
    }
}
