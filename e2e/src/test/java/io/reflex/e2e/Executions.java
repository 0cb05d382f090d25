package io.reflex.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** Executions requested and watched through the API process, as st2client does it. */
final class Executions {
    static final Set<String> COMPLETED = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ApiClient api;

    Executions(ApiClient api) {
        this.api = api;
    }

    /** {@code POST /api/v1/executions}; returns the new execution's id. */
    String request(String action, String parametersJson) {
        ObjectNode body = Json.object().put("action", action);
        body.set("parameters", Json.read(parametersJson, JsonNode.class));
        return api.post("/api/v1/executions", Json.write(body))
                .requireStatus(201, "execution request " + action)
                .json()
                .get("id")
                .asText();
    }

    /** {@code GET /api/v1/executions/{id}}. */
    JsonNode get(String id) {
        return api.get("/api/v1/executions/" + id)
                .requireStatus(200, "execution " + id)
                .json();
    }

    /** Waits until the execution is in one of {@code statuses}; returns it as the API shows it then. */
    JsonNode awaitStatus(String id, Duration within, Set<String> statuses) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await("execution " + id + " in " + statuses)
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(get(id));
                        return statuses.contains(last.get().path("status").asText());
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last.get(), e);
        }
        return last.get();
    }

    JsonNode awaitCompleted(String id) {
        return awaitStatus(id, PATIENCE, COMPLETED);
    }

    /** Requests {@code action} and waits until it completed. */
    JsonNode run(String action, String parametersJson) {
        return awaitCompleted(request(action, parametersJson));
    }
}
