package io.reflex.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.auth.AuthService;
import io.reflex.cli.Services;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.FileTrees;
import io.reflex.testing.IdleSensorHooks;
import io.reflex.testing.JsonHttp;
import io.reflex.testing.JsonHttp.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Every Reflex service in this JVM on embedded backends, exactly as {@code reflex up} runs them, with RBAC
 * on: the attacker's view of a running Reflex. One stack per test JVM, started on first use.
 *
 * <p>Users (RBAC roles in {@code src/test/resources/rbac}): {@code st2admin} (administrator),
 * {@code executor} (may run any action and send any webhook, nothing else: no key reads), {@code observer}.
 * Packs: Reflex's shipped packs plus the fixture packs in {@code src/test/resources/packs}, copied into a
 * temporary packs directory that a test may add packs to ({@link #packsDir}) and register through the API.
 */
public final class SecurityStack {
    static final String ADMIN = "st2admin";
    static final String PASSWORD = "Passw0rd!";
    static final Path SHIPPED_PACKS = Path.of("../packs").toAbsolutePath().normalize();
    static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();
    /** A header the stack is configured to strip from webhook payloads besides the credential headers. */
    static final String EXTRA_STRIPPED_HEADER = "X-Sec-Extra-Secret";

    private static SecurityStack instance;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new HashMap<>();
    final ServiceRunner.Running running;
    public final StateStore store;
    final Path dataDir;
    public final Path packsDir;
    final String apiUrl;
    final String authUrl;
    final String streamUrl;

    private SecurityStack() throws Exception {
        Path root = Files.createTempDirectory("reflex-security-");
        dataDir = root.resolve("data");
        packsDir = root.resolve("packs");
        copyTree(SHIPPED_PACKS, packsDir);
        copyTree(RESOURCES.resolve("packs"), packsDir);
        for (String pack : List.of("compat_dotted", "compat_python")) {
            IdleSensorHooks.writeInto(packsDir.resolve(pack).resolve("sensors"));
        }
        copyTree(RESOURCES.resolve("rbac"), dataDir.resolve("rbac"));
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dataDir.toString());
        for (String service : ConfigKeys.services()) {
            flags.put(service + ".port", "0");
        }
        // A known port for the api: actions and sensors get its URL (ST2_ACTION_API_URL, ST2_API_URL) from
        // the configuration, and call it back.
        flags.put("api.port", String.valueOf(freePort()));
        flags.put("content.packs_dir", packsDir.toString());
        flags.put("content.watch", "false");
        flags.put("auth.admin_password", PASSWORD);
        flags.put("rbac.enable", "true");
        // long enough that every rule change a test makes must reach the rules engine by the rules stamp
        flags.put("rulesengine.rules_cache_ttl", "1h");
        flags.put("api.webhook_strip_headers", "x-sec-EXTRA-secret");
        Config config = ConfigLoader.load(null, Map.of(), flags);
        AuthService auth = new AuthService(Map.of(), new PrintStream(new ByteArrayOutputStream(), true));
        running = ServiceRunner.start(Services.all(auth), config);
        store = StoreAccess.open(running.config());
        apiUrl = running.url("api");
        authUrl = running.url("auth");
        streamUrl = running.url("stream");
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static synchronized SecurityStack get() {
        if (instance == null) {
            try {
                instance = new SecurityStack();
            } catch (Exception e) {
                throw new IllegalStateException("security stack did not start", e);
            }
        }
        return instance;
    }

    /** A valid token of {@code user}, minted into the store once per user. */
    public synchronized String token(String user) {
        return tokens.computeIfAbsent(user, u -> {
            String value = UUID.randomUUID().toString().replace("-", "");
            store.store(Kinds.TOKEN)
                    .insert(new Token(Ids.newId(), u, value, Timestamps.now().plus(Duration.ofHours(12)), null, false));
            return value;
        });
    }

    /** The packs directory the stack registers from (tests in other packages may add packs to it). */
    public Path packsDir() {
        return packsDir;
    }

    /** The api's base URL ({@code http://host:port}). */
    public String apiUrl() {
        return apiUrl;
    }

    /** The stream service's base URL ({@code http://host:port}). */
    public String streamUrl() {
        return streamUrl;
    }

    /** The auth service's base URL ({@code http://host:port}). */
    public String authUrl() {
        return authUrl;
    }

    public String admin() {
        return token(ADMIN);
    }

    /** Sends a request to the api ({@code path} under it, e.g. {@code /api/v1/keys}); headers alternate name, value. */
    public Response api(String method, String path, String token, String body, String... headers) {
        return send(method, apiUrl + path, token, body, headers);
    }

    public Response get(String path, String token) {
        return api("GET", path, token, null);
    }

    /**
     * The body of {@code POST /api/v1/rules} for a rule in pack {@code examples} on the webhook {@code hook} that
     * runs {@code actionRef}; {@code name} null leaves the name out (the caller adds it).
     */
    public static ObjectNode webhookRule(String name, String hook, String actionRef, boolean enabled) {
        var rule = Json.object().put("pack", "examples").put("enabled", enabled);
        if (name != null) {
            rule.put("name", name);
        }
        rule.putObject("trigger")
                .put("type", "core.st2.webhook")
                .putObject("parameters")
                .put("url", hook);
        rule.putObject("action").put("ref", actionRef);
        return rule;
    }

    public Response post(String path, String token, String body) {
        return api("POST", path, token, body, "Content-Type", "application/json");
    }

    public Response put(String path, String token, String body) {
        return api("PUT", path, token, body, "Content-Type", "application/json");
    }

    public Response delete(String path, String token) {
        return api("DELETE", path, token, null);
    }

    /** Sends a request to any URL; {@code token} (may be null) goes in {@code X-Auth-Token}. */
    public Response send(String method, String url, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return JsonHttp.send(http, b, method, body, headers);
    }

    /** Registers {@code packs} (directory names under {@link #packsDir}) through the API as the administrator. */
    public Response register(String... packs) {
        String body = Json.write(Map.of("packs", List.of(packs)));
        return post("/api/v1/packs/register", admin(), body);
    }

    /**
     * The execution as stored once it has {@code status}; fails when it completes in another status or does not
     * get there within a minute.
     */
    public Execution awaitStatus(String id, io.reflex.core.execution.ExecutionStatus status) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> execution(id),
                        (Optional<Execution> e) -> e.isPresent()
                                && (e.get().status() == status
                                        || e.get().status().completed()))
                .filter(e -> e.status() == status)
                .orElseThrow(() -> new AssertionError(id + " never became " + status.wire() + ": "
                        + execution(id).map(e -> e.status().wire()).orElse("missing")));
    }

    /** The execution as stored, once it is in a completed status. */
    public Execution awaitCompleted(String id) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> store.executions().get(id),
                        e -> e.isPresent() && e.get().status().completed())
                .orElseThrow();
    }

    public Optional<Execution> execution(String id) {
        return store.executions().get(id);
    }

    static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try {
            FileTrees.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
