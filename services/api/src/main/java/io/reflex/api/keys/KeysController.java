package io.reflex.api.keys;

import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.coordination.Lease;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Names;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Reply;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /keys}: StackStorm's datastore. Get, set and delete address one key by scope (system by default),
 * user and name; {@code user=} on a get means user scope, as in st2. Writes hold the coordinator lock
 * {@code kvp-crud-<scope>.<name>} (StackStorm's name) so concurrent writers on any api node serialise, and
 * fire the datastore triggers afterwards. Secrets are encrypted before they are stored.
 */
public final class KeysController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(KeysController.class);
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final ApiContext api;
    private final Store<KeyValuePair> keys;
    private final KeysAccess access;
    private final KeysSecrets secrets;
    private final KeysEvents events;
    private final KeysListing listing;

    public KeysController(ApiContext api, KeysSecrets secrets) {
        this.api = api;
        this.keys = api.store().store(Kinds.KEY_VALUE_PAIR);
        this.access = new KeysAccess(api.authorizer());
        this.secrets = secrets;
        this.events = new KeysEvents(api.bus(), api.clock());
        this.listing = new KeysListing(api, keys, access, secrets);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/keys").handler(Endpoints.of(listing::list));
        v1.get("/keys/:name").handler(Endpoints.of(this::get));
        v1.put("/keys/:name").handler(Endpoints.of(this::put));
        v1.delete("/keys/:name").handler(Endpoints.of(this::delete));
    }

    private Object get(Call call) {
        Principal p = call.principal();
        boolean decrypt = call.queryBool("decrypt", false);
        Fields fields = Fields.parse(call).knowing(KeysViews.OPTIONAL);
        Optional<String> userParam = call.query("user");
        String user = userParam.orElse(p.user());
        access.checkUserParameter(p, user);
        String scope = userParam.isPresent()
                ? KeyValuePair.USER
                : KeysAddress.singleKeyScope(call.query("scope").orElse(null));
        KeysAddress key = new KeysAddress(scope, user, call.path("name"));
        access.require(p, "key_value_pair_view", key);
        KeyValuePair kvp = find(key).filter(this::live).orElseThrow(() -> notFound(key));
        String plain = null;
        if (decrypt && kvp.secret()) {
            access.checkDecrypt(p, key.userScope());
            plain = secrets.decrypt(kvp.name(), kvp.value());
            log.info("kvp decrypted user={} scope={} key={}", p.user(), key.scope(), key.keyRef());
        }
        return fields.apply(KeysViews.view(kvp, plain));
    }

    private Object put(Call call) {
        Principal p = call.principal();
        KeysRequest req = KeysRequest.parse(call.bodyObject());
        String name = Names.check("name", call.path("name"));
        if (!req.name().equals(name)) {
            throw ApiException.badRequest(
                    "field 'name': '" + req.name() + "' is not the key named in the URL ('" + name + "')");
        }
        String user = req.user() != null ? req.user() : p.user();
        access.checkUserParameter(p, user);
        String scope = KeysAddress.singleKeyScope(
                req.scope() != null ? req.scope() : call.query("scope").orElse(null));
        KeysAddress key = new KeysAddress(scope, user, name);
        access.require(p, "key_value_pair_set", key);
        String value = storedValue(p, key, req);
        Instant expiry = req.ttl() > 0 ? Timestamps.now(api.clock()).plusSeconds(req.ttl()) : null;
        KeyValuePair[] before = new KeyValuePair[1];
        KeyValuePair written = locked(key, () -> {
            Optional<KeyValuePair> existing = find(key);
            before[0] = existing.filter(this::live).orElse(null);
            KeyValuePair kvp = new KeyValuePair(
                    existing.map(KeyValuePair::id).orElseGet(Ids::newId),
                    key.keyRef(),
                    value,
                    req.secret() || req.encrypted(),
                    key.scope(),
                    expiry);
            if (existing.isEmpty() || !keys.replace(kvp)) {
                keys.insert(kvp);
            }
            return kvp;
        });
        log.info("kvp set user={} scope={} key={} secret={}", p.user(), key.scope(), key.keyRef(), written.secret());
        events.written(before[0], written);
        return KeysViews.view(written);
    }

    private Object delete(Call call) {
        Principal p = call.principal();
        String user = call.query("user").orElse(p.user());
        access.checkUserParameter(p, user);
        KeysAddress key =
                new KeysAddress(KeysAddress.singleKeyScope(call.query("scope").orElse(null)), user, call.path("name"));
        access.require(p, "key_value_pair_delete", key);
        KeyValuePair removed = locked(key, () -> {
            KeyValuePair kvp = find(key).filter(this::live).orElseThrow(() -> notFound(key));
            keys.delete(kvp.id());
            return kvp;
        });
        log.info("kvp deleted user={} scope={} key={}", p.user(), key.scope(), key.keyRef());
        events.deleted(removed);
        return Reply.noContent();
    }

    /** What is stored: the ciphertext for secrets, checked or made before anything is written. */
    private String storedValue(Principal p, KeysAddress key, KeysRequest req) {
        if (req.encrypted()) {
            access.checkPreEncrypted(p);
            secrets.verify(key.keyRef(), req.value());
            return req.value();
        }
        return req.secret() ? secrets.encrypt(key.keyRef(), req.value()) : req.value();
    }

    private <T> T locked(KeysAddress key, Supplier<T> work) {
        Lease lease = api.coordinator()
                .lock(key.lockName(), LOCK_WAIT)
                .orElseThrow(() -> new ApiException(
                        503, "Timed out waiting for the lock of key \"" + key.keyRef() + "\"; try again."));
        try (lease) {
            return work.get();
        }
    }

    private Optional<KeyValuePair> find(KeysAddress key) {
        return keys.findOne(Filter.and(Filter.eq("scope", key.scope()), Filter.eq("name", key.keyRef())));
    }

    /** Expired keys are gone for the API even before the garbage collector removes them. */
    private boolean live(KeyValuePair kvp) {
        return kvp.expireTimestamp() == null || kvp.expireTimestamp().isAfter(Timestamps.now(api.clock()));
    }

    private static ApiException notFound(KeysAddress key) {
        return ApiException.notFound("The key \"" + key.keyRef() + "\" does not exist in the StackStorm datastore.");
    }
}
