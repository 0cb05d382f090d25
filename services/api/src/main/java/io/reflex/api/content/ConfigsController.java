package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.core.json.Json;
import io.reflex.core.model.ConfigSchema;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackConfig;
import io.reflex.core.secrets.Masking;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /configs} and {@code /config_schemas}: pack configs (values checked against the pack's
 * {@code config.schema.yaml}, defaults applied, secret values masked unless an administrator asks for
 * {@code show_secrets}) and the schemas themselves. A PUT writes {@code configs/<pack>.yaml} as StackStorm
 * does, so re-registering the pack keeps the new values.
 */
final class ConfigsController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(ConfigsController.class);

    private final ApiContext api;
    private final PacksLocal packs;
    private final Store<PackConfig> configs;
    private final Store<ConfigSchema> schemas;
    private final Store<Pack> packStore;

    ConfigsController(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
        this.configs = api.store().store(Kinds.PACK_CONFIG);
        this.schemas = api.store().store(Kinds.CONFIG_SCHEMA);
        this.packStore = api.store().store(Kinds.PACK);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/configs").handler(Endpoints.of(this::list));
        v1.get("/configs/:pack_ref").handler(Endpoints.of(this::get));
        v1.put("/configs/:pack_ref").handler(Endpoints.of(this::put));
        v1.get("/config_schemas").handler(Endpoints.of(this::schemas));
        v1.get("/config_schemas/:pack_ref").handler(Endpoints.of(this::schema));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "pack_list");
        boolean mask = mask(call);
        Map<String, String> filters = Map.of("pack", "pack");
        return ContentResources.page(
                api,
                call,
                configs,
                ContentResources.filters(call, filters),
                ContentResources.sort(call, filters, "pack"),
                100,
                c -> view(c, mask));
    }

    private Object get(Call call) {
        Pack pack = pack(call.path("pack_ref"));
        api.authorizer().require(call.principal(), "pack_view", pack.uid());
        boolean mask = mask(call);
        PackConfig c = configs.findOne(ContentQueries.byPack(pack.ref())).orElseThrow(() -> notFound(pack.ref()));
        return view(c, mask);
    }

    private Object put(Call call) {
        String ref = call.path("pack_ref");
        Pack pack = pack(ref);
        api.authorizer().require(call.principal(), "pack_config");
        boolean mask = mask(call);
        JsonNode body = call.bodyJson();
        ConfigSchema schema = schemas.findOne(ContentQueries.byPack(ref))
                .orElseThrow(() -> ApiException.badRequest("Pack \"" + ref + "\" has no config schema"));
        ObjectNode values;
        try {
            values = ItemDocuments.config(schema.attributes(), body);
        } catch (ContentException e) {
            throw ContentResources.invalid(e);
        }
        writeFile(ref, body);
        PackConfig saved = configs.save(PackConfig.of(ref, values));
        log.info("pack config updated pack={} user={}", ref, call.principal().user());
        return view(saved, mask);
    }

    private Object schemas(Call call) {
        api.authorizer().require(call.principal(), "pack_list");
        Map<String, String> filters = Map.of("pack", "pack");
        return ContentResources.page(
                api,
                call,
                schemas,
                ContentResources.filters(call, filters),
                ContentResources.sort(call, filters, "pack"),
                100,
                s -> Json.mapper().valueToTree(s));
    }

    private Object schema(Call call) {
        Pack pack = pack(call.path("pack_ref"));
        api.authorizer().require(call.principal(), "pack_view", pack.uid());
        return schemas.findOne(ContentQueries.byPack(pack.ref()))
                .map(s -> (Object) Json.mapper().valueToTree(s))
                .orElseThrow(() -> notFound(pack.ref()));
    }

    private Pack pack(String ref) {
        return packStore.findOne(ContentQueries.byRef(ref)).orElseThrow(() -> notFound(ref));
    }

    private static ApiException notFound(String ref) {
        return ApiException.notFound("Unable to identify resource with pack_ref \"" + ref + "\".");
    }

    /** Whether to mask: always, unless an administrator asks for {@code show_secrets}. */
    private boolean mask(Call call) {
        boolean show = call.queryBool("show_secrets", false);
        if (show && !api.isAdmin(call.principal())) {
            throw ApiException.forbidden("Administrator access required to use show_secrets.");
        }
        return api.settings().maskSecrets() && !show;
    }

    private ObjectNode view(PackConfig c, boolean mask) {
        ObjectNode out = Json.mapper().valueToTree(c);
        if (mask) {
            schemas.findOne(ContentQueries.byPack(c.pack()))
                    .ifPresent(s -> out.set("values", masked(c.values(), s.attributes())));
        }
        return out;
    }

    /** {@code values} with every value whose schema property is {@code secret: true} masked, nested too. */
    static ObjectNode masked(ObjectNode values, JsonNode schema) {
        ObjectNode out = values.deepCopy();
        values.fields().forEachRemaining(e -> {
            JsonNode property = schema.path(e.getKey());
            if (property.path("secret").asBoolean(false) && !e.getValue().isNull()) {
                out.put(e.getKey(), Masking.MASK);
            } else if (e.getValue() instanceof ObjectNode nested
                    && property.path("properties").isObject()) {
                out.set(e.getKey(), masked(nested, property.get("properties")));
            }
        });
        return out;
    }

    private void writeFile(String ref, JsonNode values) {
        Path file = packs.dirs().configsDir().resolve(ref + ".yaml");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ItemDocuments.toYaml(values), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
