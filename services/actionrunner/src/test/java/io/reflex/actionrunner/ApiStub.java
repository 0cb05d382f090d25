package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A tiny stand-in for the REST API on loopback (the runner must not depend on the api module): the
 * datastore calls a Python action makes ({@code /v1/keys/<name>}, token checked by {@code validToken}),
 * and {@code /hello} answering JSON for http-request.
 */
final class ApiStub implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    final List<String> tokensSeen = new CopyOnWriteArrayList<>();

    private ApiStub(HttpServer server) {
        this.server = server;
    }

    static ApiStub start(Predicate<String> validToken) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ApiStub stub = new ApiStub(server);
        server.createContext("/v1/keys/", ex -> stub.keys(ex, validToken));
        server.createContext("/hello", ex -> respond(ex, 200, "{\"hi\": \"there\"}"));
        server.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void keys(HttpExchange ex, Predicate<String> validToken) throws IOException {
        String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
        tokensSeen.add(token == null ? "" : token);
        if (token == null || !validToken.test(token)) {
            respond(ex, 401, "{\"faultstring\": \"Unauthorized\"}");
            return;
        }
        String name = URLDecoder.decode(
                ex.getRequestURI().getRawPath().substring("/v1/keys/".length()), StandardCharsets.UTF_8);
        switch (ex.getRequestMethod()) {
            case "PUT" -> {
                JsonNode body = Json.read(ex.getRequestBody().readAllBytes(), JsonNode.class);
                keys.put(name, body.path("value").asText());
                respond(ex, 200, Json.write(kvp(name)));
            }
            case "GET" -> {
                if (keys.containsKey(name)) {
                    respond(ex, 200, Json.write(kvp(name)));
                } else {
                    respond(ex, 404, "{\"faultstring\": \"not found\"}");
                }
            }
            default -> respond(ex, 405, "{}");
        }
    }

    private ObjectNode kvp(String name) {
        return Json.object().put("name", name).put("value", keys.get(name)).put("scope", "st2kv.system");
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
