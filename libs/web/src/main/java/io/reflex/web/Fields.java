package io.reflex.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.List;
import java.util.Set;

/**
 * {@code ?include_attributes=a,b.c} / {@code ?exclude_attributes=a} on API output (mutually exclusive).
 * Paths may be dotted. {@code id} is always included. The first part of each path must name an attribute of
 * the resource (one the view shows, or one of {@code known}: attributes a view shows only when set), else
 * {@link #apply} answers 400 {@code Invalid or unsupported include|exclude attribute specified: x} as
 * StackStorm does; what lies under a known attribute is free (it is a dictionary).
 */
public record Fields(List<String> include, List<String> exclude, Set<String> known) {
    public static final Fields ALL = new Fields(List.of(), List.of(), Set.of());

    public Fields {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        known = Set.copyOf(known);
    }

    public static Fields parse(Call call) {
        List<String> include = call.queryList("include_attributes");
        List<String> exclude = call.queryList("exclude_attributes");
        if (!include.isEmpty() && !exclude.isEmpty()) {
            throw ApiException.badRequest(
                    "exclude.*_attributes and include.*_attributes arguments are mutually exclusive. "
                            + "You need to provide either one or another, but not both.");
        }
        return new Fields(include, exclude, Set.of());
    }

    /**
     * These fields for a resource whose attributes are exactly {@code attributes}: checked now, so that an
     * empty list refuses an unknown attribute too.
     *
     * @throws ApiException 400 naming the first unknown attribute
     */
    public Fields limitedTo(Set<String> attributes) {
        ObjectNode none = Json.object();
        Fields checked = knowing(attributes);
        checked.requireKnown(none, include, "include");
        checked.requireKnown(none, exclude, "exclude");
        return checked;
    }

    /** These fields, also accepting {@code attributes} that a view leaves out when they are unset. */
    public Fields knowing(Set<String> attributes) {
        return new Fields(include, exclude, attributes);
    }

    /** Refuses exclusions outside {@code allowed} (executions allow only a few). */
    public Fields allowExcluding(Set<String> allowed) {
        for (String e : exclude) {
            if (!allowed.contains(e)) {
                throw ApiException.badRequest("Invalid or unsupported exclude attribute specified: " + e);
            }
        }
        return this;
    }

    public JsonNode apply(JsonNode node) {
        if (!(node instanceof ObjectNode obj) || (include.isEmpty() && exclude.isEmpty())) {
            return node;
        }
        requireKnown(obj, include, "include");
        requireKnown(obj, exclude, "exclude");
        if (!include.isEmpty()) {
            ObjectNode out = Json.object();
            if (obj.has("id")) {
                out.set("id", obj.get("id"));
            }
            for (String path : include) {
                copy(obj, out, path.split("\\."), 0);
            }
            return out;
        }
        ObjectNode out = obj.deepCopy();
        for (String path : exclude) {
            remove(out, path.split("\\."), 0);
        }
        return out;
    }

    private void requireKnown(ObjectNode view, List<String> paths, String kind) {
        for (String path : paths) {
            String attribute = path.split("\\.", 2)[0];
            if (!view.has(attribute) && !known.contains(attribute)) {
                throw ApiException.badRequest("Invalid or unsupported " + kind + " attribute specified: " + attribute);
            }
        }
    }

    private static void copy(ObjectNode from, ObjectNode to, String[] path, int i) {
        JsonNode v = from.get(path[i]);
        if (v == null) {
            return;
        }
        if (i == path.length - 1) {
            to.set(path[i], v);
        } else if (v instanceof ObjectNode child) {
            ObjectNode target = to.get(path[i]) instanceof ObjectNode existing ? existing : to.putObject(path[i]);
            copy(child, target, path, i + 1);
        }
    }

    private static void remove(ObjectNode obj, String[] path, int i) {
        if (i == path.length - 1) {
            obj.remove(path[i]);
        } else if (obj.get(path[i]) instanceof ObjectNode child) {
            remove(child, path, i + 1);
        }
    }
}
