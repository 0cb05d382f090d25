package io.reflex.api.traces;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.content.ContentResources;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.Trace;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /traces} and {@code /traces/:id}, what {@code st2 trace list|get} read: the trigger instances, rules
 * and executions of one trace tag, newest trace first (default page 100). Filters as StackStorm's:
 * {@code trace_tag}, and the trace holding an {@code execution}, {@code rule} or {@code trigger_instance};
 * {@code sort_asc=True} lists oldest first.
 */
public final class TracesController implements Controller {
    static final Map<String, String> FILTERS = Map.of(
            "trace_tag", "trace_tag",
            "execution", "action_executions.object_id",
            "rule", "rules.object_id",
            "trigger_instance", "trigger_instances.object_id");

    private final ApiContext api;
    private final Store<Trace> traces;

    public TracesController(ApiContext api) {
        this.api = api;
        this.traces = api.store().store(Kinds.TRACE);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/traces").handler(Endpoints.of(this::list));
        v1.get("/traces/:id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "trace_list");
        boolean ascending = call.query("sort_asc").map("true"::equalsIgnoreCase).orElse(false);
        Sort sort = ascending
                ? Sort.by("start_timestamp", "trace_tag")
                : ContentResources.sort(
                        call,
                        Map.of("start_timestamp", "start_timestamp", "trace_tag", "trace_tag"),
                        "-start_timestamp",
                        "trace_tag");
        return ContentResources.page(
                api, call, traces, ContentResources.filters(call, FILTERS), sort, 100, TracesController::view);
    }

    private Object get(Call call) {
        String id = call.path("id");
        Trace trace = traces.get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
        api.authorizer().require(call.principal(), "trace_view", trace.uid());
        return Fields.parse(call).apply(view(trace));
    }

    /** StackStorm's TraceAPI: the record without the revision used for compare-and-set. */
    static ObjectNode view(Trace trace) {
        ObjectNode out = Json.mapper().valueToTree(trace);
        out.remove("revision");
        return out;
    }
}
