package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One collection of pack content served the way StackStorm's {@code ResourceController} serves it:
 * {@code GET <path>} (the kind's filters, sorts, paging and field selection), {@code GET <path>/:id} (by ref or
 * id), and, when the kind can be written, {@code POST}, {@code PUT} and {@code DELETE} through
 * {@link ContentWrites}. Permissions are {@code <permission>_list} and {@code <permission>_view} (on the
 * item's uid). What differs between kinds is a {@link Description}; a kind's own routes (views, match, help)
 * are mounted by its owner before this resource's {@code :id} routes.
 */
public final class ContentResource<T extends Entity> implements Controller {
    /**
     * What one kind of content is.
     *
     * @param path the collection, e.g. {@code /policies}
     * @param idParam the name of the path parameter, e.g. {@code ref_or_id}
     * @param kind the stored kind
     * @param permission StackStorm's permission prefix, e.g. {@code policy_type}
     * @param filters query parameter → stored field, for equality filters
     * @param sorts sort key → stored field ({@code ?sort=}), unknown keys ignored
     * @param defaultSort the order without {@code ?sort=}
     * @param defaultLimit the page size without {@code ?limit=} (0: everything)
     * @param view the StackStorm JSON of one item
     * @param uid the item's uid, which permissions are granted on
     */
    public record Description<T extends Entity>(
            String path,
            String idParam,
            EntityKind<T> kind,
            String permission,
            Map<String, String> filters,
            Map<String, String> sorts,
            List<String> defaultSort,
            int defaultLimit,
            Function<T, ObjectNode> view,
            Function<T, String> uid) {
        public Description {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(idParam, "idParam");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(permission, "permission");
            filters = Map.copyOf(filters);
            sorts = Map.copyOf(sorts);
            defaultSort = List.copyOf(defaultSort);
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(uid, "uid");
        }
    }

    /** Create, update and delete of one kind (implemented by {@link ContentWrites}). */
    public interface Writes<T> {
        T create(Call call);

        T update(Call call, String refOrId);

        T delete(Call call, String refOrId);
    }

    private final ApiContext api;
    private final Description<T> description;
    private final Store<T> store;
    private final Writes<T> writes;
    private final List<BiConsumer<Call, List<Filter>>> extraFilters = new ArrayList<>();

    /** @param writes null for a read-only kind */
    public ContentResource(ApiContext api, Description<T> description, Writes<T> writes) {
        this.api = Objects.requireNonNull(api, "api");
        this.description = description;
        this.store = api.store().store(description.kind());
        this.writes = writes;
    }

    /** Adds filters of query parameters that are not plain equality on one field. */
    public ContentResource<T> filteredBy(BiConsumer<Call, List<Filter>> filter) {
        extraFilters.add(filter);
        return this;
    }

    public Store<T> store() {
        return store;
    }

    /** The item a call's id parameter names, after the {@code _view} permission check. */
    public T viewed(Call call) {
        T item = ContentResources.byRefOrId(store, call.path(description.idParam()));
        api.authorizer()
                .require(
                        call.principal(),
                        description.permission() + "_view",
                        description.uid().apply(item));
        return item;
    }

    @Override
    public void mount(Router v1) {
        String one = description.path() + "/:" + description.idParam();
        v1.get(description.path()).handler(Endpoints.of(this::list));
        v1.get(one).handler(Endpoints.of(this::get));
        if (writes != null) {
            v1.post(description.path()).handler(Endpoints.of(this::create));
            v1.put(one).handler(Endpoints.of(this::update));
            v1.delete(one).handler(Endpoints.of(this::delete));
        }
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), description.permission() + "_list");
        Filter filter = ContentResources.filters(call, description.filters());
        if (!extraFilters.isEmpty()) {
            List<Filter> all = new ArrayList<>();
            all.add(filter);
            extraFilters.forEach(f -> f.accept(call, all));
            filter = Filter.and(all);
        }
        return ContentResources.page(
                api,
                call,
                store,
                filter,
                ContentResources.sort(
                        call, description.sorts(), description.defaultSort().toArray(String[]::new)),
                description.defaultLimit(),
                description.view()::apply);
    }

    private Object get(Call call) {
        return Fields.parse(call).apply(description.view().apply(viewed(call)));
    }

    private Object create(Call call) {
        return Reply.created(description.view().apply(writes.create(call)));
    }

    private Object update(Call call) {
        return description.view().apply(writes.update(call, call.path(description.idParam())));
    }

    private Object delete(Call call) {
        writes.delete(call, call.path(description.idParam()));
        return Reply.noContent();
    }
}
