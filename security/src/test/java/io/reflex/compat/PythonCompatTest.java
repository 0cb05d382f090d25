package io.reflex.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.Token;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.security.SecurityStack;
import io.reflex.testing.JsonHttp.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Python actions and sensors written as StackStorm packs write them ({@code compat_python}): every declared
 * parameter reaches {@code run()} ({@code None} when unset), the datastore round trips through the API with
 * the execution's token, the {@code st2common} imports real packs use resolve, the {@code ST2_*} variables
 * let an action call the API back (and its token is gone afterwards), and a polling sensor that imports
 * eventlet dispatches with trace tags through {@code sensor_service}.
 */
class PythonCompatTest {
    /**
     * Import lines as they appear in StackStorm's contrib packs (core, linux, chatops, packs) and Exchange
     * packs (aws, github, vsphere, msexchange, powerdns, kubernetes, slack, st2, ...), plus the old action
     * base class path. Lines reaching StackStorm's database or bus ({@code st2common.persistence},
     * {@code st2common.bootstrap}, {@code st2common.models.db}) are not among them: see docs/compatibility.md.
     */
    static final List<String> REAL_IMPORTS = List.of(
            "from st2common.runners.base_action import Action",
            "from st2common.runners.base_action import Action as BaseAction",
            "from st2actions.runners.pythonrunner import Action",
            "from st2reactor.sensor.base import PollingSensor",
            "from st2reactor.sensor.base import Sensor",
            "from st2common import log as logging",
            "import st2common",
            "from st2common import __version__ as st2_version",
            "from st2common.util import isotime",
            "from st2common.util.shell import quote_unix",
            "from st2common.util.shell import run_command",
            "from st2common.util.shell import kill_process",
            "from st2common.util import jinja as jinja_utils",
            "from st2common.util import date as date_utils",
            "from st2common.util import jsonify",
            "from st2common.util.jsonify import json_encode",
            "from st2common.util.jsonify import json_decode",
            "from st2common.util import crypto",
            "from st2common.util import secrets",
            "from st2common.util.misc import strip_shell_chars",
            "from st2common.util.compat import to_unicode",
            "from st2common.util.api import get_full_public_api_url",
            "from st2common.runners.utils import get_logger_for_python_runner_action",
            "from st2common.runners.utils import get_action_class_instance",
            "from st2common.content import utils as content_utils",
            "from st2common.content.utils import get_pack_base_path",
            "from st2common.content.utils import get_packs_base_paths",
            "from st2common.constants.pack import SYSTEM_PACK_NAMES",
            "from st2common.constants.pack import MANIFEST_FILE_NAME",
            "from st2common.constants.pack import PACK_VERSION_SEPARATOR",
            "from st2common.constants.keyvalue import SYSTEM_SCOPE",
            "from st2common.constants import keyvalue as kv_constants",
            "from st2common.constants.action import LIVEACTION_STATUS_SUCCEEDED",
            "from st2common.constants.action import ACTION_OUTPUT_RESULT_DELIMITER",
            "from st2common.constants.action import MAX_PARAM_LENGTH",
            "from st2common.constants.runners import PYTHON_RUNNER_INVALID_ACTION_STATUS_EXIT_CODE",
            "from st2common.constants.system import API_URL_ENV_VARIABLE_NAME",
            "from st2common.constants.system import AUTH_TOKEN_ENV_VARIABLE_NAME",
            "from st2common.constants.secrets import MASKED_ATTRIBUTE_VALUE",
            "from st2common.constants import exit_codes as exit_code_constants",
            "from st2common.constants import triggers as trigger_constants",
            "from st2common.exceptions.db import StackStormDBObjectNotFoundError",
            "from st2common.exceptions.actionrunner import ActionRunnerPreRunError",
            "from st2common.exceptions.action import InvalidActionParameterException",
            "from st2common.exceptions.content import ParseException",
            "from st2common.exceptions import auth as auth_exc",
            "from st2common.exceptions.sensors import TriggerTypeRegistrationException",
            "from st2common.exceptions.connection import AuthenticationException",
            "from st2common.services.datastore import ActionDatastoreService",
            "from st2common.services.datastore import SensorDatastoreService",
            "from st2common.services.datastore import DatastoreService",
            "from st2common.models.api.trace import TraceContext",
            "import eventlet",
            "from eventlet.green import socket",
            "from eventlet import patcher");

    static SecurityStack stack;

    @BeforeAll
    static void start() {
        stack = SecurityStack.get();
        Response r = stack.register("core", "compat_python");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void everyDeclaredParameterReachesRunAndTheUnsetOnesAreNone() {
        Execution e = run("compat_python.dig", Map.of("hostname", "example.org"));

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        assertThat(e.result().path("result"))
                .isEqualTo(Json.read(
                        "{\"hostname\": \"example.org\", \"rand\": \"None\", \"count\": 3, \"qtype\": \"None\","
                                + " \"tags\": \"None\"}",
                        JsonNode.class));
    }

    @Test
    void theDatastoreRoundTripsThroughTheApiWithTheExecutionsToken() {
        String word = "w" + UUID.randomUUID().toString().substring(0, 8);
        Execution e = run("compat_python.datastore", Map.of("word", word));

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        JsonNode r = e.result().path("result");
        assertThat(r.path("set_local").asBoolean()).isTrue();
        assertThat(r.path("get_local").asText()).isEqualTo("hello " + word);
        assertThat(r.path("get_local_as_global").asText()).isEqualTo("hello " + word);
        assertThat(r.path("get_global").asText())
                .as("set_value stores str(value)")
                .isEqualTo("42");
        assertThat(r.path("secret_decrypted").asText()).isEqualTo("s3cret-" + word);
        assertThat(r.path("secret_as_stored_differs").asBoolean()).isTrue();
        assertThat(texts(r.path("listed")))
                .contains(
                        "compat_python.DatastoreAction:greeting",
                        "compat_python.DatastoreAction:secret",
                        "compat_python.DatastoreAction:other");
        assertThat(texts(r.path("listed_prefix"))).containsExactly("compat_python.DatastoreAction:greeting");
        assertThat(r.path("delete").asBoolean()).isTrue();
        assertThat(r.path("deleted_reads_none").asBoolean()).isTrue();
        assertThat(r.path("missing_reads_none").asBoolean()).isTrue();
        assertThat(r.path("user_scope").asText()).isEqualTo("Scope user is unsupported.");
        assertThat(r.path("user").asText()).isEqualTo("st2admin");

        Response stored = stack.get("/api/v1/keys/" + encode("compat_python.DatastoreAction:greeting"), stack.admin());
        assertThat(stored.json().path("value").asText()).isEqualTo("hello " + word);
        Response secret = stack.get("/api/v1/keys/" + encode("compat_python.DatastoreAction:secret"), stack.admin());
        assertThat(secret.json().path("secret").asBoolean()).isTrue();
        assertThat(secret.json().path("value").asText()).isNotEqualTo("s3cret-" + word);
    }

    @Test
    void theImportLinesOfRealPacksResolveAndTheirFunctionsWork() {
        Execution e = run("compat_python.imports", Map.of("lines", REAL_IMPORTS));

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        JsonNode r = e.result().path("result");
        assertThat(r.path("failed").properties())
                .as(r.path("failed").toString())
                .isEmpty();
        JsonNode checks = r.path("checks");
        assertThat(checks.path("quote_unix").asText()).isEqualTo("'it'\"'\"'s here'");
        assertThat(checks.path("isotime").asText()).isEqualTo("2024-05-01T10:00:00.500000Z");
        assertThat(checks.path("jinja_expression").toString()).isEqualTo("[true,false]");
        assertThat(checks.at("/raw_block/x/0").asText()).isEqualTo("{% raw %}{{ a }}{% endraw %}");
        assertThat(checks.path("masked").toString()).isEqualTo("{\"user\":\"u\",\"password\":\"********\"}");
        assertThat(checks.path("crypto").asText()).isEqualTo("plain");
        assertThat(checks.path("logger").asText()).isEqualTo("st2.compat");
        assertThat(checks.path("run_command").toString()).isEqualTo("[0,\"ran\"]");
        assertThat(checks.path("api_url").asBoolean()).isTrue();
        assertThat(checks.path("pack_base_path_has_manifest").asBoolean()).isTrue();
        assertThat(checks.path("system_packs").toString()).isEqualTo("[\"chatops\",\"core\",\"packs\",\"linux\"]");
        assertThat(checks.path("key_not_found_is_db_error").asBoolean()).isTrue();
        assertThat(checks.path("polling_sensor").asText()).isEqualTo("PollingSensor");
    }

    @Test
    void anActionCallsTheApiBackWithTheVariablesAndItsTokenIsGoneAfterwards() {
        Execution e = run("compat_python.callback", Map.of());

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        JsonNode r = e.result().path("result");
        assertThat(texts(r.path("present")))
                .containsExactlyInAnyOrder(
                        "ST2_ACTION_API_URL",
                        "ST2_ACTION_AUTH_TOKEN",
                        "ST2_API_URL",
                        "ST2_AUTH_TOKEN",
                        "ST2_ACTION_PACK_NAME",
                        "ST2_ACTION_EXECUTION_ID");
        assertThat(r.path("api_url").asText()).endsWith("/v1");
        assertThat(r.path("same_token").asBoolean()).isTrue();
        assertThat(r.path("same_api").asBoolean()).isTrue();
        assertThat(r.path("execution_status").asText()).isEqualTo("running");
        assertThat(r.path("execution_action").asText()).isEqualTo("compat_python.callback");
        assertThat(r.path("user").asText())
                .as("the token is the execution's user's")
                .isEqualTo("st2admin");

        String sha = r.path("token_sha256").asText();
        List<Token> left = stack.store.store(Kinds.TOKEN).find(Query.all()).stream()
                .filter(t -> sha256(t.token()).equals(sha))
                .toList();
        assertThat(left).as("the execution's token is deleted when it ends").isEmpty();
    }

    @Test
    void anOlderActionWithoutActionServiceInItsConstructorRunsWithTheEventletStandIn() {
        Execution e = run("compat_python.old_style", Map.of());

        assertThat(e.status().wire()).as(e.result().toString()).isEqualTo("succeeded");
        JsonNode r = e.result().path("result");
        assertThat(r.path("has_action_service").asBoolean()).isTrue();
        assertThat(r.path("eventlet_sleep").asText()).isEqualTo("spawned");
        assertThat(r.path("missing_config").asText())
                .as("an action constructed without action_service does not know its pack, in StackStorm too")
                .startsWith("Config for pack \"unknown\" is missing key \"no_such_item\"");
    }

    @Test
    void aPollingSensorDispatchesWithTraceTagsThroughTheSensorService() {
        for (int count = 1; count <= 2; count++) {
            String tag = "compat-python-poll-" + count;
            int n = count;
            JsonNode instance = awaitFirst(
                    "/api/v1/triggerinstances?trigger_type=compat_python.polled&limit=50",
                    i -> i.at("/payload/count").asInt() == n);
            assertThat(instance.at("/payload/via").asText())
                    .isEqualTo(count == 1 ? "dispatch" : "dispatch_with_context");
            assertThat(texts(instance.at("/payload/listed"))).contains("compat_python.CountingPoller:count");

            JsonNode execution = awaitFirst(
                    "/api/v1/executions?rule=compat_python_on_polled&limit=50",
                    e -> e.at("/context/trace_context/trace_tag").asText().equals(tag));
            assertThat(execution.at("/action/ref").asText()).isEqualTo("core.noop");
        }
    }

    /** The first item of the list the api answers at {@code path} that {@code match} accepts, once there is one. */
    private static JsonNode awaitFirst(String path, Predicate<JsonNode> match) {
        List<JsonNode> found = new ArrayList<>();
        await(path)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    for (JsonNode item : stack.get(path, stack.admin()).json()) {
                        if (match.test(item)) {
                            found.add(item);
                            return true;
                        }
                    }
                    return false;
                });
        return found.get(0);
    }

    private static Execution run(String action, Map<String, Object> parameters) {
        Response created = stack.post(
                "/api/v1/executions", stack.admin(), Json.write(Map.of("action", action, "parameters", parameters)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return stack.awaitCompleted(created.json().path("id").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
