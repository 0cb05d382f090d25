package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.YamlFile;
import io.reflex.rbac.Authorizer;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAPI document against the live routing table: every route the api mounts must be documented, and
 * the served document must list only mounted operations. The router is built from {@link ApiService#controllers}
 * exactly as the service builds it, so controllers added later are checked too.
 */
class OpenApiDocumentTest {
    private static final Logger log = LoggerFactory.getLogger(OpenApiDocumentTest.class);

    @TempDir
    static Path dir;

    static ApiTestServer api;
    static Vertx vertx;
    static Router v1;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir);
        vertx = Vertx.vertx();
        v1 = Router.router(vertx);
        // ApiRoutes mounts GET / itself, before the controllers.
        v1.get("/").handler(ctx -> ctx.response().end());
        ApiContext ctx = new ApiContext(
                api.store(),
                new InMemoryEventBus(),
                new InMemoryCoordinator(),
                Authorizer.DISABLED,
                Clock.systemUTC(),
                new ApiContext.Settings(100, true, api.base(), "", "st2admin", dir.resolve("replica-key.json")),
                ContentSettings.from(api.config()));
        ApiService.controllers(ctx).forEach(c -> c.mount(v1));
    }

    @AfterAll
    static void stop() {
        vertx.close();
        api.close();
    }

    static List<OpenApiDocument.Operation> mounted() {
        return OpenApiDocument.served(v1.getRoutes());
    }

    /** The same tree with JSON's number types (YAML parsing may pick other widths for the same values). */
    static JsonNode plain(JsonNode node) {
        try {
            return io.reflex.core.json.Json.mapper().readTree(node.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyMountedRouteIsDocumented() {
        assertThat(OpenApiDocument.undocumented(OpenApiDocument.load(), mounted()))
                .as("routes missing from %s", OpenApiDocument.RESOURCE)
                .isEmpty();
    }

    @Test
    void theServedDocumentListsExactlyTheMountedOperations() {
        var r = api.send("GET", "/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        ObjectNode served = (ObjectNode) r.json();
        assertThat(served.get("openapi").asText()).startsWith("3.0");
        assertThat(OpenApiDocument.unserved(served, mounted())).isEmpty();
        assertThat(plain(served.get("paths")))
                .isEqualTo(plain(OpenApiDocument.servedFrom(OpenApiDocument.load(), mounted())
                        .get("paths")));
        for (String path : List.of("/keys", "/keys/{name}", "/timers", "/service_registry/groups", "/openapi.json")) {
            assertThat(served.get("paths").has(path)).as(path).isTrue();
        }
        assertThat(served.at("/paths/~1keys~1{name}").fieldNames()).toIterable().contains("get", "put", "delete");
        List<String> gaps = OpenApiDocument.unserved(OpenApiDocument.load(), mounted());
        log.info("openapi documented but not mounted (known gaps) count={} operations={}", gaps.size(), gaps);
    }

    @Test
    void theDocumentIsPublicUnderEveryPrefixAndYamlMatchesJson() {
        JsonNode json = api.send("GET", "/v1/openapi.json", null).json();
        var yaml = api.send("GET", "/openapi.yaml", null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(plain(YamlFile.parse("openapi.yaml", yaml.body()).root())).isEqualTo(plain(json));
        assertThat(api.send("GET", "/api/v1/keys", null).status()).isEqualTo(401);
    }

    @Test
    void routesMatchDocumentedPathsWhateverTheirParameterNames() {
        Router r = Router.router(vertx);
        r.route().handler(ctx -> ctx.next());
        r.get("/keys/:key_name").handler(ctx -> {});
        r.route("/webhooks/*").handler(ctx -> {});
        r.getWithRegex("/files/(.+)").handler(ctx -> {});
        r.post("/undocumented").handler(ctx -> {});
        ObjectNode doc = (ObjectNode) YamlFile.parse("t", """
                paths:
                  /keys/{name}: {get: {}, delete: {}}
                  /webhooks: {get: {}}
                  /webhooks/{hook}: {post: {}}
                  /files/{path}: {get: {}}
                """).root();
        var ops = OpenApiDocument.served(r.getRoutes());
        assertThat(ops).extracting(Object::toString).doesNotContain("ANY null");
        assertThat(OpenApiDocument.undocumented(doc, ops)).containsExactly("POST /undocumented");
        assertThat(OpenApiDocument.unserved(doc, ops)).containsExactly("DELETE /keys/{name}", "GET /webhooks");
        ObjectNode cut = OpenApiDocument.servedFrom(doc, ops);
        List<String> paths = new ArrayList<>();
        cut.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactly("/keys/{name}", "/webhooks/{hook}", "/files/{path}");
        assertThat(cut.at("/paths/~1keys~1{name}").has("delete")).isFalse();
    }
}
