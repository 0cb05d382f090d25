package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.SensorType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /sensortypes}: list, get, and PUT, which (as in StackStorm) only enables or disables a sensor:
 * sensors are defined by their pack files. Sensor containers react to the stored flag.
 */
final class SensorTypesController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(SensorTypesController.class);
    private static final Map<String, String> FILTERS = Map.of("id", "id", "name", "name", "pack", "pack");

    private final ApiContext api;
    private final Store<SensorType> sensors;

    SensorTypesController(ApiContext api) {
        this.api = api;
        this.sensors = api.store().store(Kinds.SENSOR_TYPE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/sensortypes").handler(Endpoints.of(this::list));
        v1.get("/sensortypes/:ref_or_id").handler(Endpoints.of(this::get));
        v1.put("/sensortypes/:ref_or_id").handler(Endpoints.of(this::put));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "sensor_type_list");
        List<Filter> filters = new ArrayList<>();
        filters.add(ContentResources.filters(call, FILTERS));
        call.query("enabled").ifPresent(e -> filters.add(Filter.eq("enabled", call.queryBool("enabled", true))));
        call.query("trigger").ifPresent(t -> filters.add(Filter.eq("trigger_types", t)));
        return ContentResources.page(
                api,
                call,
                sensors,
                Filter.and(filters),
                ContentResources.sort(call, FILTERS, "pack", "name"),
                0,
                SensorTypesController::view);
    }

    private Object get(Call call) {
        SensorType s = ContentResources.byRefOrId(sensors, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "sensor_type_view", s.uid());
        return Fields.parse(call).apply(view(s));
    }

    private Object put(Call call) {
        SensorType s = ContentResources.byRefOrId(sensors, call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "sensor_type_modify", s.uid());
        ContentResources.requireNotSystemPack(s.pack());
        ObjectNode body = call.bodyObject();
        JsonNode enabled = body.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw ApiException.badRequest("field 'enabled': expected boolean, got " + Json.write(enabled));
        }
        SensorType updated = new SensorType(
                s.id(),
                s.name(),
                s.pack(),
                s.className(),
                s.description(),
                s.artifactUri(),
                s.entryPoint(),
                enabled.asBoolean(true),
                s.triggerTypes(),
                s.pollInterval(),
                s.metadataFile());
        sensors.replace(updated);
        log.info(
                "sensor type updated sensor={} enabled={} user={}",
                s.ref(),
                updated.enabled(),
                call.principal().user());
        return view(updated);
    }

    static ObjectNode view(SensorType s) {
        return Json.mapper().valueToTree(s);
    }
}
