package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.coordination.Membership;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.service.ReflexVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /service_registry}: the coordinator's groups and members, StackStorm's shapes. */
class ServiceRegistryApiTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static Backends backends;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        token = api.token("st2admin");
        backends = Backends.open(api.config(), "service-registry-test");
    }

    @AfterAll
    static void stop() {
        backends.close();
        api.close();
    }

    @Test
    void theApiListsItsOwnMembership() {
        var groups = api.get("/api/v1/service_registry/groups", token);
        assertThat(groups.status()).isEqualTo(200);
        assertThat(texts(groups.json().get("groups"))).contains("api");

        var members = api.get("/api/v1/service_registry/groups/api/members", token);
        assertThat(members.status()).isEqualTo(200);
        JsonNode list = members.json().get("members");
        assertThat(list).hasSize(1);
        JsonNode me = list.get(0);
        assertThat(me.get("group_id").asText()).isEqualTo("api");
        assertThat(me.get("member_id").asText())
                .endsWith("_" + ProcessHandle.current().pid());
        JsonNode caps = me.get("capabilities");
        assertThat(caps.get("type").asText()).isEqualTo("api");
        assertThat(caps.get("name").asText()).isEqualTo(me.get("member_id").asText());
        assertThat(caps.get("hostname").asText()).isNotBlank();
        assertThat(caps.get("pid").isIntegralNumber()).isTrue();
        assertThat(caps.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(caps.get("version").asText()).isEqualTo(ReflexVersion.release());
    }

    @Test
    void membersComeAndGo() {
        Membership joined = backends.coordinator()
                .join("workers", "host9_42", Map.of("name", "host9_42", "type", "workers", "pid", "42"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> texts(api.get("/api/v1/service_registry/groups", token)
                                .json()
                                .get("groups"))
                        .contains("workers"));
        JsonNode member = api.get("/api/v1/service_registry/groups/workers/members", token)
                .json()
                .get("members")
                .get(0);
        assertThat(member.get("member_id").asText()).isEqualTo("host9_42");
        assertThat(member.get("capabilities").get("pid").asInt()).isEqualTo(42);
        joined.close();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/api/v1/service_registry/groups/workers/members", token)
                                .status()
                        == 404);
    }

    @Test
    void anUnknownGroupIs404() {
        var r = api.get("/api/v1/service_registry/groups/nope/members", token);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("faultstring").asText()).isEqualTo("Group with ID \"nope\" not found.");
    }

    @Test
    void theRegistryAnswersUnderEveryPrefix() {
        assertThat(api.get("/v1/service_registry/groups", token).status()).isEqualTo(200);
        assertThat(api.get("/service_registry/groups", token).status()).isEqualTo(200);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
