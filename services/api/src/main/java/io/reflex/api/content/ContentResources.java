package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.content.ContentError;
import io.reflex.content.ContentException;
import io.reflex.core.json.Json;
import io.reflex.core.model.PackContent;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.reflex.web.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the content controllers share, following StackStorm's {@code ResourceController}: lookup by ref or
 * id with its not-found message, list filters and sorts by supported names (unknown sort keys are ignored),
 * paged and field-selected lists, and turning content validation errors into a 400.
 */
public final class ContentResources {
    /** StackStorm's pack for content created through the API without one. */
    static final String DEFAULT_PACK = "default";
    /** Content of these packs cannot be created, changed or deleted through the API. */
    static final String SYSTEM_PACK = "core";

    private ContentResources() {}

    /**
     * A ref contains a dot and an id never does (StackStorm's rule); the other lookup is tried as well so
     * that dotless names such as pack refs work too.
     *
     * @throws ApiException 404 {@code Resource with a reference or id "x" not found}
     */
    public static <T extends Entity> T byRefOrId(Store<T> store, String refOrId) {
        Optional<T> found = refOrId.contains(".")
                ? store.findOne(ContentQueries.byRef(refOrId)).or(() -> store.get(refOrId))
                : store.get(refOrId).or(() -> store.findOne(ContentQueries.byRef(refOrId)));
        return found.orElseThrow(() -> notFound(refOrId));
    }

    public static ApiException notFound(String refOrId) {
        return ApiException.notFound("Resource with a reference or id \"" + refOrId + "\" not found");
    }

    /**
     * Equality filters from query parameters ({@code param → stored field}); {@code id} and {@code name}
     * accept comma-separated lists.
     */
    public static Filter filters(Call call, Map<String, String> supported) {
        List<Filter> out = new ArrayList<>();
        supported.forEach((param, field) -> {
            List<String> values = call.queryList(param);
            if (values.isEmpty()) {
                return;
            }
            if (values.size() > 1 && (param.equals("id") || param.equals("name"))) {
                out.add(Filter.in(field, values));
            } else {
                out.add(Filter.eq(field, call.query(param).orElseThrow()));
            }
        });
        return out.isEmpty() ? Filter.all() : Filter.and(out);
    }

    /** {@code ?sort=a,-b} over supported names (others skipped, as StackStorm does), else the default. */
    public static Sort sort(Call call, Map<String, String> supported, String... defaults) {
        List<String> keys = new ArrayList<>();
        for (String key : call.queryList("sort")) {
            String direction = key.startsWith("-") ? "-" : "";
            String name = key.startsWith("-") || key.startsWith("+") ? key.substring(1) : key;
            if (supported.containsKey(name)) {
                keys.add(direction + supported.get(name));
            }
        }
        return Sort.by(keys.isEmpty() ? defaults : keys.toArray(String[]::new));
    }

    /** One page of {@code store} as StackStorm answers a list: views, field selection, paging headers. */
    public static <T extends Entity> Reply page(
            ApiContext api,
            Call call,
            Store<T> store,
            Filter filter,
            Sort sort,
            int defaultLimit,
            Function<T, JsonNode> view) {
        Paging page = Paging.parse(call, defaultLimit, api.settings().maxPageSize(), api.isAdmin(call.principal()));
        Fields fields = Fields.parse(call);
        List<T> found = store.find(Query.of(filter).sorted(sort).page(page.offset(), page.limit()));
        List<JsonNode> items =
                found.stream().map(t -> fields.apply(view.apply(t))).toList();
        return page.reply(items, store.count(filter));
    }

    /**
     * The body as an object (400 otherwise), copied so the caller may change it. A client's
     * {@code metadata_file} is dropped: it names a file in the pack, which only registration may set.
     */
    public static ObjectNode document(Call call) {
        ObjectNode doc = call.bodyObject().deepCopy();
        doc.remove("metadata_file");
        return doc;
    }

    /** The pack a document names, or {@link #DEFAULT_PACK} (set into the document). */
    static String packOf(ObjectNode doc, String fallback) {
        JsonNode pack = doc.get("pack");
        if (pack == null || pack.isNull() || (pack.isTextual() && pack.asText().isEmpty())) {
            doc.put("pack", fallback);
            return fallback;
        }
        return pack.asText();
    }

    /**
     * 400 naming the field when {@code pack} is not a registered pack: content in a pack nobody has would
     * run from no directory and be listed under no pack. {@link #DEFAULT_PACK} always exists (StackStorm
     * ships it), so content created without a pack still works.
     */
    static void requirePackExists(StateStore store, String pack) {
        if (DEFAULT_PACK.equals(pack)) {
            return;
        }
        if (store.store(Kinds.PACK).findOne(ContentQueries.byRef(pack)).isEmpty()) {
            throw ApiException.badRequest("field 'pack': pack \"" + pack + "\" does not exist (register it first)");
        }
    }

    /** 400 when the content belongs to the system pack (StackStorm's message). */
    static void requireNotSystemPack(String pack) {
        if (SYSTEM_PACK.equals(pack)) {
            throw ApiException.badRequest("Resources belonging to system level packs can't be manipulated");
        }
    }

    /** 400 listing every validation problem (each names its field). */
    public static ApiException invalid(ContentException e) {
        return ApiException.badRequest(
                e.errors().stream().map(ContentError::message).distinct().collect(Collectors.joining("; ")));
    }

    /**
     * 409 with {@code conflict-id} when another record (not {@code selfId}) already has {@code ref}.
     */
    static <T extends PackContent> void requireUnique(Store<T> store, String ref, String selfId) {
        Optional<T> other = store.findOne(ContentQueries.byRef(ref));
        if (other.isPresent() && !other.get().id().equals(selfId)) {
            throw ApiException.conflict(
                    "Tried to save duplicate unique keys: \"" + ref + "\" already exists",
                    other.get().id());
        }
    }

    /** {@code item} with {@code id} (records are immutable; converting through JSON keeps every field). */
    @SuppressWarnings("unchecked")
    static <T> T withId(T item, String id) {
        ObjectNode tree = Json.mapper().valueToTree(item);
        tree.put("id", id);
        return (T) Json.mapper().convertValue(tree, item.getClass());
    }
}
