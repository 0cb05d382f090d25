package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.PackFileContent;
import io.reflex.core.store.Store;
import io.reflex.web.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create, update and delete of one kind of pack content through the API, the same steps for every kind:
 * permission ({@code <permission>_create|_modify|_delete} on the item's uid), validation, the kind's own guards,
 * a unique ref, the write (which renews the {@link ContentStamp} of cached kinds, so every node's content
 * caches read again before their next use), the kind's follow-up and one log line. Updates keep the stored id,
 * pack (when the body names none) and metadata file. What differs between kinds is a {@link Kind}.
 */
public final class ContentWrites<T extends PackFileContent> implements ContentResource.Writes<T> {
    private static final Logger log = LoggerFactory.getLogger(ContentWrites.class);

    /** What one kind does differently. */
    public interface Kind<T> {
        /** The item a request body describes; 400 (via {@link ContentResources#invalid}) when it is not valid. */
        T validate(ObjectNode doc, Call call);

        /** Checked on the stored item before a change and on the new one (e.g. system packs are read-only). */
        default void guard(T item) {}

        /** The record to store for a valid item (e.g. a rule with its trigger resolved). */
        default T prepare(T item) {
            return item;
        }

        /** After the store changed; {@code change} is {@code create}, {@code update} or {@code delete}. */
        default void changed(String change, T item) {}

        /** After an update: {@link #changed} by default; {@code before} is the record it replaced. */
        default void changed(String change, T item, T before) {
            changed(change, item);
        }
    }

    private final ApiContext api;
    private final Store<T> store;
    private final String permission;
    private final String uidType;
    private final String defaultPack;
    private final String logName;
    private final Kind<T> kind;

    /**
     * @param permission StackStorm's permission prefix, e.g. {@code trigger} for trigger types
     * @param uidType the uid prefix, e.g. {@code trigger_type}
     * @param defaultPack the pack of a created item whose body names none; null: the body must name it
     * @param logName the item in log lines, e.g. {@code trigger_type}
     */
    public ContentWrites(
            ApiContext api,
            Store<T> store,
            String permission,
            String uidType,
            String defaultPack,
            String logName,
            Kind<T> kind) {
        this.api = api;
        this.store = store;
        this.permission = permission;
        this.uidType = uidType;
        this.defaultPack = defaultPack;
        this.logName = logName;
        this.kind = kind;
    }

    @Override
    public T create(Call call) {
        ObjectNode doc = ContentResources.document(call);
        String pack = defaultPack == null ? doc.path("pack").asText() : ContentResources.packOf(doc, defaultPack);
        api.authorizer()
                .require(
                        call.principal(),
                        permission + "_create",
                        uidType + ":" + pack + ":" + doc.path("name").asText());
        T item = kind.validate(doc, call);
        kind.guard(item);
        ContentResources.requirePackExists(api.store(), item.pack());
        ContentResources.requireUnique(store, item.ref(), null);
        T stored = kind.prepare(item);
        store.insert(stored);
        kind.changed("create", stored);
        logged("created", stored, call);
        return stored;
    }

    @Override
    public T update(Call call, String refOrId) {
        T existing = ContentResources.byRefOrId(store, refOrId);
        api.authorizer().require(call.principal(), permission + "_modify", existing.uid());
        kind.guard(existing);
        ObjectNode doc = ContentResources.document(call);
        ContentResources.packOf(doc, existing.pack());
        doc.put("metadata_file", existing.metadataFile());
        T item = ContentResources.withId(kind.validate(doc, call), existing.id());
        kind.guard(item);
        if (!item.pack().equals(existing.pack())) {
            ContentResources.requirePackExists(api.store(), item.pack());
        }
        ContentResources.requireUnique(store, item.ref(), existing.id());
        T stored = kind.prepare(item);
        store.replace(stored);
        kind.changed("update", stored, existing);
        logged("updated", stored, call);
        return stored;
    }

    @Override
    public T delete(Call call, String refOrId) {
        T existing = ContentResources.byRefOrId(store, refOrId);
        api.authorizer().require(call.principal(), permission + "_delete", existing.uid());
        kind.guard(existing);
        store.delete(existing.id());
        kind.changed("delete", existing);
        logged("deleted", existing, call);
        return existing;
    }

    private void logged(String what, T item, Call call) {
        log.info(
                "{} {} {}={} id={} user={}",
                logName.replace('_', ' '),
                what,
                logName,
                item.ref(),
                item.id(),
                call.principal().user());
    }
}
