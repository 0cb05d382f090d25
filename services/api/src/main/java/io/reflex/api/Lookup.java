package io.reflex.api;

import io.reflex.core.model.PackContent;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;

/** Finding content by {@code ref_or_id}, with StackStorm's not-found message. */
final class Lookup {
    private Lookup() {}

    /**
     * @param what the resource name in the message, e.g. {@code Action}
     * @throws ApiException 404 when neither an id nor a ref matches
     */
    static <T extends PackContent> T byRefOrId(Store<T> store, String refOrId, String what) {
        return store.get(refOrId)
                .or(() -> store.findOne(Filter.eq("ref", refOrId)))
                .orElseThrow(() -> ApiException.notFound(what + " with ref or id \"" + refOrId + "\" is not found"));
    }
}
