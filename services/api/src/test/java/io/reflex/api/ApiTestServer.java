package io.reflex.api;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.JsonHttp;
import io.reflex.testing.JsonHttp.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The api service on embedded backends, on a free port, with the shipped packs registered: what API tests
 * talk to over real HTTP. Tokens are minted straight into the store (the auth service is its own module).
 */
public final class ApiTestServer implements AutoCloseable {
    public static final Path SHIPPED_PACKS =
            Path.of("../../packs").toAbsolutePath().normalize();

    private final ServiceRunner.Running running;
    private final StateStore store;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiTestServer(ServiceRunner.Running running) {
        this.running = running;
        this.store = StoreAccess.open(running.config());
        this.base = running.endpoints().get(0).url();
    }

    /** Starts the api; {@code extra} are config keys such as {@code rbac.enable=true}. */
    public static ApiTestServer start(Path dataDir, Map<String, String> extra) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("api.port", "0");
        flags.put("content.packs_dir", SHIPPED_PACKS.toString());
        flags.put("content.watch", "false");
        flags.putAll(extra);
        Config config = ConfigLoader.load(null, Map.of(), flags);
        return new ApiTestServer(ServiceRunner.start(List.of(new ApiService()), config));
    }

    public static ApiTestServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    public StateStore store() {
        return store;
    }

    public Config config() {
        return running.config();
    }

    /** http://127.0.0.1:port */
    public String base() {
        return base;
    }

    /** A fresh token for {@code user}, valid for an hour (or already expired when {@code expired}). */
    public String token(String user, boolean expired) {
        String value = UUID.randomUUID().toString().replace("-", "");
        var expiry = Timestamps.now().plus(expired ? Duration.ofSeconds(-1) : Duration.ofHours(1));
        store.store(Kinds.TOKEN).insert(new Token(Ids.newId(), user, value, expiry, null, false));
        return value;
    }

    public String token(String user) {
        return token(user, false);
    }

    /** Sends a request; {@code headers} alternate name, value. */
    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (body != null && !hasHeader(headers, "Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        return JsonHttp.send(http, b, method, body, headers);
    }

    /** GET with a token header. */
    public Response get(String path, String token) {
        return send("GET", path, null, "X-Auth-Token", token);
    }

    public Response post(String path, String token, String body) {
        return send("POST", path, body, "X-Auth-Token", token);
    }

    public Response put(String path, String token, String body) {
        return send("PUT", path, body, "X-Auth-Token", token);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, null, "X-Auth-Token", token);
    }

    private static boolean hasHeader(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        store.close();
        running.close();
    }
}
