package io.reflex.api.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.YamlFile;
import io.reflex.executions.ActionResolver;
import io.reflex.orquesta.ActionCatalog;
import io.reflex.orquesta.Inspection;
import io.reflex.orquesta.WorkflowDefinitionException;
import io.reflex.orquesta.Workflows;
import io.reflex.web.ApiException;
import io.reflex.web.BodyTypes;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.vertx.ext.web.Router;

/**
 * {@code POST /workflows/inspect}: StackStorm's workflow inspection. The body is an orquesta definition (YAML
 * text, as {@code st2 workflow inspect} sends it, or a JSON string); the answer is always 200 with the list of
 * errors, empty when there are none, each with its {@code type} ({@code syntax}, {@code semantic},
 * {@code expression}, {@code context}, {@code content}) in StackStorm's shape, because that is what its client
 * prints. A body that is not a YAML mapping is a 400.
 */
public final class WorkflowInspectionController implements Controller {
    private static final Workflows WORKFLOWS = Workflows.standard();

    private final ApiContext api;

    public WorkflowInspectionController(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        v1.post("/workflows/inspect").handler(Endpoints.of(BodyTypes.JSON_OR_YAML_TEXT, this::inspect));
    }

    private Object inspect(Call call) {
        String text = definition(call);
        JsonNode root;
        try {
            root = YamlFile.parse("workflow definition", text).root();
        } catch (ContentException e) {
            throw ApiException.badRequest(
                    "Failed to load workflow definition because " + e.errors().get(0) + ".");
        }
        try {
            Inspection inspection = WORKFLOWS.inspect(root, Workflows.STACKSTORM_CONTEXT, catalog());
            return inspection.stackstorm();
        } catch (WorkflowDefinitionException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The definition text: the body itself, or the string a JSON body holds. */
    private static String definition(Call call) {
        String text = call.bodyText();
        String type = BodyTypes.mediaType(call.header("Content-Type").orElse(""));
        if (BodyTypes.isJson(type)) {
            JsonNode body = call.bodyJson();
            if (!body.isTextual()) {
                throw ApiException.badRequest("send the workflow definition as text/plain, or as a JSON string");
            }
            text = body.textValue();
        }
        if (text.isBlank()) {
            throw ApiException.badRequest("The workflow definition is empty.");
        }
        return text;
    }

    /** Registered actions with their runner's parameters under their own, as StackStorm merges them. */
    private ActionCatalog catalog() {
        return new ActionResolver(api.store())::parameters;
    }
}
