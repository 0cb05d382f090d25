package io.reflex.auth;

import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.JsonHttp;
import io.reflex.testing.JsonHttp.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The auth service on embedded backends, on a free port: what the auth tests talk to over real HTTP. */
final class AuthTestServer implements AutoCloseable {
    private final ServiceRunner.Running running;
    private final StateStore store;
    private final ByteArrayOutputStream printed;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuthTestServer(ServiceRunner.Running running, ByteArrayOutputStream printed) {
        this.running = running;
        this.printed = printed;
        this.store = StoreAccess.open(running.config());
        this.base = running.endpoints().get(0).url();
    }

    /**
     * @param flags config keys such as {@code auth.mode=proxy}
     * @param env the environment variables the service (and the config loader) see
     */
    static AuthTestServer start(Path dataDir, Map<String, String> flags, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("data_dir", dataDir.toString());
        all.put("auth.port", "0");
        all.putAll(flags);
        Config config = ConfigLoader.load(null, env, all);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AuthService service = new AuthService(env, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new AuthTestServer(ServiceRunner.start(List.of(service), config), printed);
    }

    StateStore store() {
        return store;
    }

    Config config() {
        return running.config();
    }

    String base() {
        return base;
    }

    /** What the service printed on its standard output (a generated admin password, once). */
    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    ServiceContext.Endpoint endpoint() {
        return running.endpoints().get(0);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code POST /auth/v1/tokens} with Basic credentials and an optional body. */
    Response login(String user, String password, String body) {
        return send("POST", "/auth/v1/tokens", body, "Authorization", basic(user, password));
    }

    /** Sends a request; {@code headers} alternate name, value. */
    Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return JsonHttp.send(http, b, method, body, headers);
    }

    @Override
    public void close() {
        store.close();
        running.close();
    }
}
