package io.reflex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    record Response(int status, Map<String, List<String>> headers, String body, JsonNode json) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String faultstring() {
            return json == null ? null : json.path("faultstring").asText(null);
        }
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
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isBlank() ? null : Json.mapper().readTree(r.body());
            } catch (IOException notJson) {
                // HTML and text bodies are returned as is
            }
            return new Response(r.statusCode(), r.headers().map(), r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
        running.close();
    }
}
