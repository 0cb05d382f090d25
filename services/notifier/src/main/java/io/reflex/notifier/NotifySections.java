package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which sections of an execution's {@code notify} apply, as StackStorm's notifier decides:
 * {@code on-complete} always, {@code on-success} when it succeeded, {@code on-failure} when it failed, timed
 * out or was abandoned. A section without routes ({@code routes}, else the deprecated {@code channels})
 * notifies nobody. Section keys are read in the API form ({@code on-complete}) and the model form
 * ({@code on_complete}). A section with {@code "render": false} (Reflex's own key; the API sets it on the
 * sections it builds from request data, such as a chat command's user and channel) holds values, not
 * templates, and is sent as it is. Pure.
 */
final class NotifySections {
    /**
     * One applicable section.
     *
     * @param name the API key ({@code on-complete}), part of each notification's derived id
     * @param message the template of the message (StackStorm's default when the section has none)
     * @param data the template of the data object
     * @param render whether message and data are templates (false: values from outside, sent as they are)
     */
    record Section(String name, String message, ObjectNode data, List<String> routes, boolean render) {
        Section {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(message, "message");
            data = Json.objectOrEmpty(data);
            routes = List.copyOf(routes);
        }
    }

    private NotifySections() {}

    static List<Section> applicable(Execution e) {
        List<Section> out = new ArrayList<>();
        add(out, e, "on-complete", "completed.");
        if (e.status() == ExecutionStatus.SUCCEEDED) {
            add(out, e, "on-success", "succeeded.");
        }
        if (ExecutionStatus.FAILED_STATES.contains(e.status())) {
            add(out, e, "on-failure", "failed.");
        }
        return out;
    }

    private static void add(List<Section> out, Execution e, String name, String suffix) {
        JsonNode spec = e.notifySpec().get(name);
        if (!(spec instanceof ObjectNode)) {
            spec = e.notifySpec().get(name.replace('-', '_'));
        }
        if (!(spec instanceof ObjectNode section)) {
            return;
        }
        List<String> routes = texts(section.get("routes"));
        if (routes.isEmpty()) {
            routes = texts(section.get("channels"));
        }
        if (routes.isEmpty()) {
            return;
        }
        JsonNode message = section.get("message");
        String template =
                message != null && message.isTextual() && !message.asText().isEmpty()
                        ? message.asText()
                        : "Action " + e.actionRef() + " " + suffix;
        out.add(new Section(
                name,
                template,
                Json.objectOrEmpty(section.get("data")).deepCopy(),
                routes,
                section.path("render").asBoolean(true)));
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(r -> {
                if (r.isTextual() && !r.asText().isEmpty()) {
                    out.add(r.asText());
                }
            });
        }
        return out;
    }
}
