package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRunnerTest {
    HttpServer server;
    final AtomicReference<String> seen = new AtomicReference<>();
    final RunnerFixtures fx = new RunnerFixtures();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json", ex -> {
            seen.set(ex.getRequestMethod() + " " + ex.getRequestURI() + " ua="
                    + ex.getRequestHeaders().getFirst("User-Agent")
                    + " action=" + ex.getRequestHeaders().getFirst("X-Stanley-Action") + " body="
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Runner.Result call(String path, String extra) throws Exception {
        ObjectNode p = (ObjectNode) Json.read(
                "{\"url\": \"http://127.0.0.1:" + server.getAddress().getPort() + path + "\"" + extra + "}",
                com.fasterxml.jackson.databind.JsonNode.class);
        return new HttpRunner("3.9.0").run(fx.context(Path.of("/tmp"), "", p, Json.object(), Json.object()));
    }

    @Test
    void sendsTheRequestAndParsesAJsonBody() throws Exception {
        Runner.Result r = call("/json", ", \"method\": \"post\", \"body\": \"hi\", \"params\": {\"q\": \"a b\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().get("status_code").asInt()).isEqualTo(200);
        assertThat(r.result().get("parsed").asBoolean()).isTrue();
        assertThat(r.result().at("/body/ok").asBoolean()).isTrue();
        assertThat(seen.get()).isEqualTo("POST /json?q=a+b ua=st2/v3.9.0 action=a body=hi");
    }

    @Test
    void non2xxFailsAndBlockedHostsAreRefused() throws Exception {
        assertThat(call("/missing", "").status()).isEqualTo(ExecutionStatus.FAILED);
        Runner.Result blocked = call("/json", ", \"url_hosts_blacklist\": [\"127.0.0.1\"]");
        assertThat(blocked.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(blocked.result().get("error").asText()).isEqualTo("URL host \"127.0.0.1\" is blacklisted");
        assertThat(seen.get()).isNull();
    }
}
