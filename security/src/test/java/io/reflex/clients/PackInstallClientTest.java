package io.reflex.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code st2 pack install} and {@code st2 pack remove} as the CLI runs them: {@code POST} the operation, take
 * the execution id from the 202, then wait on {@code /stream} with {@code end_execution_id} for the
 * execution's completing {@code st2.execution__update}, then read the execution's result. The stream must
 * close whether the operation ended before the client subscribed or after.
 */
class PackInstallClientTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path sources;

    final SecurityStack stack = SecurityStack.get();

    String waitUrl(String executionId) {
        return stack.streamUrl() + "/stream/v1/stream?events=st2.execution__create%2Cst2.execution__update"
                + "&end_execution_id=" + executionId + "&end_event=st2.execution__update";
    }

    Path source(String name) throws Exception {
        Path p = sources.resolve(name);
        Files.createDirectories(p.resolve("actions"));
        Files.writeString(
                p.resolve("pack.yaml"),
                "ref: %s\nname: %s\ndescription: d\nversion: 0.1.0\nauthor: t\n".formatted(name, name));
        Files.writeString(p.resolve("actions/hello.yaml"), "name: hello\nrunner_type: local-shell-cmd\n");
        return p;
    }

    /** The body of the last event the stream sent before it closed. */
    JsonNode lastEvent(List<String> lines) throws Exception {
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(lines.size() - 2)).isEqualTo("event: st2.execution__update");
        return Json.mapper().readTree(lines.get(lines.size() - 1).substring("data: ".length()));
    }

    @Test
    void packInstallAndRemoveEndTheirStreamWhetherTheyEndedBeforeOrAfterTheClientSubscribed() throws Exception {
        Response install = stack.post(
                "/api/v1/packs/install",
                stack.admin(),
                Json.write(Map.of("packs", List.of(source("cli_pack").toString()))));
        assertThat(install.status()).as(install.toString()).isEqualTo(202);
        String id = install.json().path("execution_id").asText();

        JsonNode end = lastEvent(SseLines.untilClosed(waitUrl(id), stack.admin(), PATIENCE));
        assertThat(end.path("id").asText()).isEqualTo(id);
        assertThat(end.path("status").asText()).isEqualTo("succeeded");
        assertThat(end.at("/action/ref").asText()).isEqualTo("packs.install");

        // long after it ended: the stored end, and the stream closes
        assertThat(lastEvent(SseLines.untilClosed(waitUrl(id), stack.admin(), PATIENCE))
                        .path("status")
                        .asText())
                .isEqualTo("succeeded");
        JsonNode execution =
                stack.get("/api/v1/executions/" + id, stack.admin()).json();
        assertThat(execution.at("/result/output/packs_list").toString()).isEqualTo("[\"cli_pack\"]");
        assertThat(execution.at("/result/output/warning_list").isArray()).isTrue();
        assertThat(stack.get("/api/v1/actions/cli_pack.hello", stack.admin()).status())
                .isEqualTo(200);

        Response remove = stack.post("/api/v1/packs/uninstall", stack.admin(), "{\"packs\": [\"cli_pack\"]}");
        assertThat(remove.status()).as(remove.toString()).isEqualTo(202);
        String removal = remove.json().path("execution_id").asText();
        JsonNode removed = lastEvent(SseLines.untilClosed(waitUrl(removal), stack.admin(), PATIENCE));
        assertThat(removed.path("status").asText()).isEqualTo("succeeded");
        assertThat(stack.get("/api/v1/packs/cli_pack", stack.admin()).status()).isEqualTo(404);
    }

    @Test
    void aFailedInstallEndsTheStreamWithItsFailure() throws Exception {
        Response install = stack.post(
                "/api/v1/packs/install",
                stack.admin(),
                Json.write(Map.of("packs", List.of(sources.resolve("missing").toString()))));
        assertThat(install.status()).isEqualTo(202);
        String id = install.json().path("execution_id").asText();
        JsonNode end = lastEvent(SseLines.untilClosed(waitUrl(id), stack.admin(), PATIENCE));
        assertThat(end.path("status").asText()).isEqualTo("failed");
        assertThat(end.at("/result/errors/0/message").asText()).isNotBlank();
    }
}
