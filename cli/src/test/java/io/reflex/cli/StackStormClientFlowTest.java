package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.rabbitmq.RabbitBusConfig;
import io.reflex.rabbitmq.RabbitEventBus;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StackStorm client's session against the auth and api services running together: log in with Basic
 * auth, create and list actions and rules, set/get/decrypt keys, fire a webhook, request an execution and
 * page through executions, checking StackStorm's shapes and headers at each step.
 */
class StackStormClientFlowTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    record Res(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Res call(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() ? null : Json.mapper().readTree(r.body());
        return new Res(r.statusCode(), r, json);
    }

    @Test
    void aStackStormClientSessionWorksEndToEnd() throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dir.toString());
        flags.put("api.port", "0");
        flags.put("auth.port", "0");
        flags.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
        flags.put("content.watch", "false");
        flags.put("auth.admin_password", "Passw0rd!");
        Config config = ConfigLoader.load(null, Map.of(), flags);
        AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
        try (var running = ServiceRunner.start(List.of(auth, new ApiService()), config);
                RabbitEventBus bus = RabbitEventBus.connect(RabbitBusConfig.defaults(
                        running.config().get(ConfigKeys.BUS_URI).toString()))) {
            String authUrl = running.url("auth");
            String api = running.url("api") + "/api/v1";

            // 1. login, as `st2 login` does
            String basic = Base64.getEncoder().encodeToString("st2admin:Passw0rd!".getBytes());
            Res login = call("POST", authUrl + "/auth/v1/tokens", "{}", "Authorization", "Basic " + basic);
            assertThat(login.status()).isEqualTo(201);
            assertThat(login.json().fieldNames()).toIterable().contains("user", "token", "expiry", "id", "metadata");
            assertThat(login.json().get("token").asText()).matches("^[0-9a-f]{32}$");
            assertThat(login.header("X-API-URL")).isNotBlank();
            String token = login.json().get("token").asText();
            assertThat(call(
                                    "POST",
                                    authUrl + "/auth/v1/tokens",
                                    "{}",
                                    "Authorization",
                                    "Basic " + Base64.getEncoder().encodeToString("st2admin:wrong".getBytes()))
                            .status())
                    .isEqualTo(401);

            // 2. actions: create, get by ref, list with paging headers
            Res created = call("POST", api + "/actions", """
                    {"name": "hello", "pack": "examples", "runner_type": "local-shell-cmd",
                     "parameters": {"cmd": {"type": "string", "default": "echo hello"}}}""", "X-Auth-Token", token);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("ref").asText()).isEqualTo("examples.hello");
            assertThat(created.json().get("uid").asText()).isEqualTo("action:examples:hello");
            assertThat(created.header("X-Request-ID")).isNotBlank();
            Res listed = call("GET", api + "/actions?pack=core&limit=5", null, "X-Auth-Token", token);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json()).hasSize(5);
            assertThat(Integer.parseInt(listed.header("X-Total-Count"))).isEqualTo(14);

            // 3. a webhook rule, then fire the webhook and see the dispatch on the bus
            Res rule = call("POST", api + "/rules", """
                    {"name": "on_hello", "pack": "examples", "enabled": true,
                     "trigger": {"type": "core.st2.webhook", "parameters": {"url": "hello"}},
                     "criteria": {"trigger.body.who": {"type": "exists"}},
                     "action": {"ref": "examples.hello", "parameters": {}}}""", "X-Auth-Token", token);
            assertThat(rule.status()).as(String.valueOf(rule.json())).isEqualTo(201);
            assertThat(rule.json().at("/trigger/ref").asText()).startsWith("core.");
            LinkedBlockingQueue<TriggerDispatch> dispatched = new LinkedBlockingQueue<>();
            try (var sub = bus.consume(Channels.TRIGGER_INSTANCES, 8, d -> dispatched.add(d.body()))) {
                Res hook = call("POST", api + "/webhooks/hello", "{\"who\": \"Ada\"}", "X-Auth-Token", token);
                assertThat(hook.status()).isEqualTo(202);
                assertThat(hook.json().get("who").asText()).isEqualTo("Ada");
                TriggerDispatch d = dispatched.poll(20, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                assertThat(d.trigger()).isEqualTo(rule.json().at("/trigger/ref").asText());
                assertThat(d.payload().at("/body/who").asText()).isEqualTo("Ada");
                assertThat(d.payload().at("/headers").toString()).doesNotContain(token);
            }

            // 4. datastore: set a secret, read it masked, decrypt it
            assertThat(call(
                                    "PUT",
                                    api + "/keys/db_password",
                                    "{\"name\": \"db_password\", \"value\": \"hunter2\", \"secret\": true}",
                                    "X-Auth-Token",
                                    token)
                            .status())
                    .isEqualTo(200);
            // as StackStorm: without decrypt a secret comes back as its ciphertext, marked encrypted
            Res masked = call("GET", api + "/keys/db_password", null, "X-Auth-Token", token);
            assertThat(masked.json().get("value").asText())
                    .isNotEqualTo("hunter2")
                    .matches("[0-9A-F]{32,}");
            assertThat(masked.json().get("encrypted").asBoolean()).isTrue();
            assertThat(masked.json().get("secret").asBoolean()).isTrue();
            Res decrypted = call("GET", api + "/keys/db_password?decrypt=true", null, "X-Auth-Token", token);
            assertThat(decrypted.json().get("value").asText()).isEqualTo("hunter2");

            // 5. request executions and page through them
            for (int i = 0; i < 3; i++) {
                Res ex = call(
                        "POST",
                        api + "/executions",
                        "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"date\"}}",
                        "X-Auth-Token",
                        token);
                assertThat(ex.status()).isEqualTo(201);
                assertThat(ex.json().get("status").asText()).isEqualTo("requested");
                assertThat(ex.json().at("/action/ref").asText()).isEqualTo("core.local");
                assertThat(ex.json().at("/context/user").asText()).isEqualTo("st2admin");
            }
            Res page1 = call("GET", api + "/executions?limit=2&offset=0", null, "X-Auth-Token", token);
            Res page2 = call("GET", api + "/executions?limit=2&offset=2", null, "X-Auth-Token", token);
            assertThat(page1.header("X-Total-Count")).isEqualTo("3");
            assertThat(page1.header("X-Limit")).isEqualTo("2");
            assertThat(page1.json()).hasSize(2);
            assertThat(page2.json()).hasSize(1);
            assertThat(page1.json().get(0).get("start_timestamp").asText())
                    .matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$");

            // 6. an API key works as the credential, via header and query
            Res key = call("POST", api + "/apikeys", "{}", "X-Auth-Token", token);
            assertThat(key.status()).isEqualTo(201);
            String k = key.json().get("key").asText();
            assertThat(call("GET", api + "/actions/core.local", null, "St2-Api-Key", k)
                            .status())
                    .isEqualTo(200);
            assertThat(call("GET", api + "/actions/core.local?st2-api-key=" + k, null)
                            .status())
                    .isEqualTo(200);
        }
    }
}
