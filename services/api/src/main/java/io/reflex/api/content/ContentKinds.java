package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.content.RuleTriggers;
import io.reflex.core.json.Json;
import io.reflex.core.model.Policy;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kinds of content that are nothing but a {@link ContentResource}, each with what is its own: policy
 * types (read-only, from the catalogue), policies, trigger types (a type without parameters has its one
 * "shadow" Trigger; the {@code core} types are read-only) and sensor types (defined by their pack files; PUT
 * only enables or disables one, and sensor containers react to the stored flag).
 */
final class ContentKinds {
    private static final Logger log = LoggerFactory.getLogger(ContentKinds.class);

    private ContentKinds() {}

    static ContentResource<PolicyType> policyTypes(ApiContext api) {
        Map<String, String> fields = Map.of("id", "id", "name", "name", "resource_type", "resource_type");
        return new ContentResource<>(
                api,
                new ContentResource.Description<>(
                        "/policytypes",
                        "ref_or_id",
                        Kinds.POLICY_TYPE,
                        "policy_type",
                        fields,
                        fields,
                        List.of("resource_type", "name"),
                        100,
                        ContentKinds::tree,
                        PolicyType::uid),
                null);
    }

    static ContentResource<Policy> policies(ApiContext api) {
        Map<String, String> fields = Map.of(
                "id",
                "id",
                "name",
                "name",
                "pack",
                "pack",
                "resource_ref",
                "resource_ref",
                "policy_type",
                "policy_type");
        var description = new ContentResource.Description<Policy>(
                "/policies",
                "ref_or_id",
                Kinds.POLICY,
                "policy",
                fields,
                fields,
                List.of("pack", "name"),
                100,
                ContentKinds::tree,
                Policy::uid);
        var store = api.store().store(Kinds.POLICY);
        return new ContentResource<>(
                api,
                description,
                new ContentWrites<>(
                        api, store, "policy", "policy", ContentResources.DEFAULT_PACK, "policy", (doc, call) -> {
                            try {
                                return ItemDocuments.policy(doc, ref -> actionExists(api, ref));
                            } catch (ContentException e) {
                                throw ContentResources.invalid(e);
                            }
                        }));
    }

    static ContentResource<TriggerType> triggerTypes(ApiContext api) {
        RuleTriggers triggers = new RuleTriggers(api.store());
        ContentWrites.Kind<TriggerType> kind = new ContentWrites.Kind<>() {
            @Override
            public TriggerType validate(ObjectNode doc, Call call) {
                try {
                    return ItemDocuments.triggerType(doc);
                } catch (ContentException e) {
                    throw ContentResources.invalid(e);
                }
            }

            @Override
            public void guard(TriggerType t) {
                ContentResources.requireNotSystemPack(t.pack());
            }

            @Override
            public void changed(String change, TriggerType t) {
                if (!change.equals("delete")) {
                    triggers.ensureSimple(t);
                } else if (!t.parameterised()) {
                    api.store().store(Kinds.TRIGGER).delete(Ids.derived("trigger", t.pack(), t.name()));
                }
            }
        };
        return new ContentResource<>(
                api,
                new ContentResource.Description<>(
                        "/triggertypes",
                        "triggertype_ref_or_id",
                        Kinds.TRIGGER_TYPE,
                        "trigger",
                        Map.of("id", "id", "name", "name", "pack", "pack"),
                        Map.of("name", "name", "pack", "pack", "ref", "ref"),
                        List.of("ref"),
                        100,
                        ContentKinds::tree,
                        TriggerType::uid),
                new ContentWrites<>(
                        api,
                        api.store().store(Kinds.TRIGGER_TYPE),
                        "trigger",
                        "trigger_type",
                        ContentResources.DEFAULT_PACK,
                        "trigger_type",
                        kind));
    }

    /** {@code /sensortypes}: list and get, filtered also by {@code enabled} and {@code trigger}; PUT. */
    static Controller sensorTypes(ApiContext api) {
        Map<String, String> fields = Map.of("id", "id", "name", "name", "pack", "pack");
        ContentResource<SensorType> sensors = new ContentResource<>(
                        api,
                        new ContentResource.Description<>(
                                "/sensortypes",
                                "ref_or_id",
                                Kinds.SENSOR_TYPE,
                                "sensor_type",
                                fields,
                                fields,
                                List.of("pack", "name"),
                                0,
                                ContentKinds::tree,
                                SensorType::uid),
                        null)
                .filteredBy((call, filters) -> {
                    call.query("enabled")
                            .ifPresent(e -> filters.add(Filter.eq("enabled", call.queryBool("enabled", true))));
                    call.query("trigger").ifPresent(t -> filters.add(Filter.eq("trigger_types", t)));
                });
        return v1 -> {
            sensors.mount(v1);
            v1.put("/sensortypes/:ref_or_id").handler(Endpoints.of(call -> enable(api, sensors, call)));
        };
    }

    private static Object enable(ApiContext api, ContentResource<SensorType> sensors, Call call) {
        SensorType s = ContentResources.byRefOrId(sensors.store(), call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "sensor_type_modify", s.uid());
        ContentResources.requireNotSystemPack(s.pack());
        JsonNode enabled = call.bodyObject().path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw ApiException.badRequest("field 'enabled': expected boolean, got " + Json.write(enabled));
        }
        SensorType updated = s.withEnabled(enabled.asBoolean(true));
        sensors.store().replace(updated);
        log.info(
                "sensor type updated sensor={} enabled={} user={}",
                s.ref(),
                updated.enabled(),
                call.principal().user());
        return tree(updated);
    }

    /** Whether an action with {@code ref} is registered (policies and aliases must name one). */
    static boolean actionExists(ApiContext api, String ref) {
        return api.store()
                .store(Kinds.ACTION)
                .findOne(ContentQueries.byRef(ref))
                .isPresent();
    }

    /** StackStorm's JSON of a record that is already in its shape. */
    static ObjectNode tree(Object record) {
        return Json.mapper().valueToTree(record);
    }
}
