package io.reflex.api.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ApiKey;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.reflex.web.Reply;
import io.reflex.web.auth.ApiKeys;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /apikeys}: StackStorm's API key management. Keys are made here and returned in plain text only by
 * the create call; the store keeps {@code sha512("saltnpepper" + key)}. List and get mask {@code key_hash}
 * and {@code uid} unless an administrator asks {@code show_secrets=true}. Users see and manage their own keys;
 * other users' keys, {@code user=} and {@code limit=-1} are for administrators.
 */
final class ApiKeysController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(ApiKeysController.class);
    private static final int DEFAULT_LIMIT = 50;

    private final ApiContext api;
    private final Store<ApiKey> keys;

    ApiKeysController(ApiContext api) {
        this.api = api;
        this.keys = api.store().store(Kinds.API_KEY);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/apikeys").handler(Endpoints.of(this::list));
        v1.post("/apikeys").handler(Endpoints.of(this::create));
        v1.get("/apikeys/:api_key_id_or_key").handler(Endpoints.of(this::get));
        v1.put("/apikeys/:api_key_id_or_key").handler(Endpoints.of(this::put));
        v1.delete("/apikeys/:api_key_id_or_key").handler(Endpoints.of(this::delete));
    }

    private Object list(Call call) {
        Principal p = call.principal();
        api.authorizer().require(p, "api_key_list");
        boolean admin = api.isAdmin(p);
        Paging page = Paging.parse(call, DEFAULT_LIMIT, api.settings().maxPageSize(), admin);
        Fields fields = Fields.parse(call);
        Optional<String> user = call.query("user");
        user.ifPresent(u -> api.authorizer().requireAdminForUser(p, u));
        Filter filter = admin ? user.map(u -> Filter.eq("user", u)).orElse(Filter.all()) : Filter.eq("user", p.user());
        boolean mask = mask(call, admin);
        List<ApiKey> found = keys.find(Query.of(filter).sorted(Sort.by("user")).page(page.offset(), page.limit()));
        return page.reply(found.stream().map(k -> fields.apply(view(k, mask))).toList(), keys.count(filter));
    }

    private Object create(Call call) {
        Principal p = call.principal();
        api.authorizer().require(p, "api_key_create");
        ApiKeysBody body = ApiKeysBody.parse(call.bodyObject());
        String user = body.user() == null ? p.user() : body.user();
        api.authorizer().requireAdminForUser(p, user);
        String key = body.keyHash() == null ? ApiKeys.newKey() : null;
        ApiKey created = keys.insert(new ApiKey(
                Ids.newId(),
                user,
                key == null ? body.keyHash() : ApiKeys.hash(key),
                body.metadata(),
                Timestamps.now(api.clock()),
                body.enabled() == null || body.enabled()));
        log.info("api key created id={} user={} by={} imported={}", created.id(), user, p.user(), key == null);
        ObjectNode out = Json.object()
                .put("id", created.id())
                .put("uid", created.uid())
                .put("user", created.user())
                .put("key", key);
        out.set("metadata", created.metadata());
        out.put("created_at", Timestamps.format(created.createdAt()));
        out.put("enabled", created.enabled());
        return Reply.created(out);
    }

    private Object get(Call call) {
        String idOrKey = call.path("api_key_id_or_key");
        ApiKey k = find(idOrKey)
                .orElseThrow(
                        () -> ApiException.notFound("ApiKey matching " + idOrKey + " for reference and id not found."));
        requireOwnerOrAdmin(call.principal(), k, "api_key_view");
        return Fields.parse(call).apply(view(k, mask(call, api.isAdmin(call.principal()))));
    }

    private Object put(Call call) {
        ApiKey k = existing(call.path("api_key_id_or_key"));
        Principal p = call.principal();
        requireOwnerOrAdmin(p, k, "api_key_modify");
        ApiKeysBody body = ApiKeysBody.parse(call.bodyObject());
        if (body.keyHash() != null && !body.keyHash().equals(k.keyHash())) {
            throw ApiException.badRequest("Update of key_hash is not allowed.");
        }
        String user = body.user() == null ? k.user() : body.user();
        if (!user.equals(k.user())) {
            api.authorizer().requireAdminForUser(p, user);
        }
        ApiKey updated = new ApiKey(
                k.id(),
                user,
                k.keyHash(),
                body.metadata() == null ? k.metadata() : body.metadata(),
                k.createdAt(),
                body.enabled() == null ? k.enabled() : body.enabled());
        if (!keys.replace(updated)) {
            throw ApiException.notFound("ApiKey with key or id=" + k.id() + " not found.");
        }
        log.info("api key updated id={} user={} enabled={} by={}", k.id(), user, updated.enabled(), p.user());
        return view(updated, mask(call, api.isAdmin(p)));
    }

    private Object delete(Call call) {
        ApiKey k = existing(call.path("api_key_id_or_key"));
        requireOwnerOrAdmin(call.principal(), k, "api_key_delete");
        keys.delete(k.id());
        log.info(
                "api key deleted id={} user={} by={}",
                k.id(),
                k.user(),
                call.principal().user());
        return Reply.noContent();
    }

    private ApiKey existing(String idOrKey) {
        return find(idOrKey)
                .orElseThrow(() -> ApiException.notFound("ApiKey with key or id=" + idOrKey + " not found."));
    }

    /** By the plain key first (StackStorm's order), then by id. */
    private Optional<ApiKey> find(String idOrKey) {
        return keys.findOne(Filter.eq("key_hash", ApiKeys.hash(idOrKey))).or(() -> keys.get(idOrKey));
    }

    /**
     * A user's own key is theirs to see, change and delete; anyone else's needs administrator rights. The
     * message never shows the key hash (the uid is a secret field).
     */
    private void requireOwnerOrAdmin(Principal p, ApiKey k, String permission) {
        if (!k.user().equals(p.user()) && !api.isAdmin(p)) {
            throw ApiException.forbidden("User \"" + p.user() + "\" doesn't have required permission \"" + permission
                    + "\" on resource \"api_key:" + ApiKeysBody.MASKED + "\"");
        }
    }

    /** Masked unless masking is off or an administrator asks {@code show_secrets=true} (others: ignored). */
    private boolean mask(Call call, boolean admin) {
        return api.settings().maskSecrets() && !(admin && call.queryBool("show_secrets", false));
    }

    static ObjectNode view(ApiKey k, boolean mask) {
        ObjectNode o = Json.object().put("id", k.id());
        o.put("uid", mask ? ApiKeysBody.MASKED : k.uid());
        o.put("user", k.user());
        o.put("key_hash", mask ? ApiKeysBody.MASKED : k.keyHash());
        o.set("metadata", k.metadata());
        o.put("created_at", Timestamps.format(k.createdAt()));
        o.put("enabled", k.enabled());
        return o;
    }
}
