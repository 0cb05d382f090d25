package io.reflex.sensorcontainer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of the Reflex API that sensors call, {@code /v1/keys/<name>} (GET and PUT), answered from a map,
 * so the wrapper's datastore helpers are tested over HTTP without the api service (services do not depend
 * on each other). Records every request as {@code METHOD name token}.
 */
final class StubApi implements AutoCloseable {
    final Map<String, String> values = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    StubApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/keys/", this::keys);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void keys(HttpExchange x) throws IOException {
        String name = URLDecoder.decode(
                x.getRequestURI().getRawPath().substring("/v1/keys/".length()), StandardCharsets.UTF_8);
        requests.add(
                x.getRequestMethod() + " " + name + " " + x.getRequestHeaders().getFirst("X-Auth-Token"));
        if (x.getRequestMethod().equals("PUT")) {
            var body = Json.mapper().readTree(x.getRequestBody().readAllBytes());
            values.put(name, body.path("value").asText());
            reply(x, 200, Json.write(body));
        } else if (values.containsKey(name)) {
            reply(x, 200, Json.write(Json.object().put("name", name).put("value", values.get(name))));
        } else {
            reply(x, 404, "{\"faultstring\": \"not found\"}");
        }
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
