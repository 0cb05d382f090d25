package io.reflex.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code webui.static_dir}: a built st2web served at {@code /} on the api port, beside the API. */
class WebUiTest {
    static final Path BUILD = Path.of("src/test/resources/webui").toAbsolutePath();

    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, Map.of("webui.static_dir", BUILD.toString()));
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theUiIsServedAtTheRootWithItsFilesAndNeedsNoToken() {
        var index = api.send("GET", "/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.body()).contains("st2web fixture");
        var script = api.send("GET", "/static/app.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("window.fixture");
        assertThat(api.send("HEAD", "/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void theApiStillAnswersBesideTheUiAndUnknownPathsAreJson404s() {
        assertThat(api.get("/api/v1/actions/core.local", token).status()).isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/actions/core.local", null).status())
                .as("the API still wants a token")
                .isEqualTo(401);
        assertThat(api.get("/api/v1/", token).json().path("version").asText()).isNotBlank();
        var missing = api.get("/no/such/file.js", token);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("faultstring").asText()).isNotBlank();
        assertThat(api.send("GET", "/no/such/file.js", null).status())
                .as("not a file of the UI: the API's, which wants a token")
                .isEqualTo(401);
        assertThat(api.get("/../../pom.xml", token).status()).isEqualTo(404);
    }

    @Test
    void aDirectoryWithoutIndexHtmlStopsTheStartWithOneLineNamingTheKey() {
        var config = ConfigLoader.load(null, Map.of(), Map.of("webui.static_dir", dir.toString()));
        assertThatThrownBy(() -> WebUi.dir(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("webui.static_dir: ")
                .hasMessageContaining("index.html");
    }
}
