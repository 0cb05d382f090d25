package io.reflex.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("reflex.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsRunEverythingEmbeddedOnStackStormPorts() {
        Config c = Config.defaults();
        assertThat(c.get(ConfigKeys.STORE_URI).getScheme()).isEqualTo("embedded");
        assertThat(c.get(ConfigKeys.service("api").port())).isEqualTo(9101);
        assertThat(c.get(ConfigKeys.service("auth").port())).isEqualTo(9100);
        assertThat(c.get(ConfigKeys.service("stream").port())).isEqualTo(9102);
        assertThat(c.get(ConfigKeys.DATA_DIR)).isEqualTo(Path.of(System.getProperty("user.home"), ".reflex"));
        assertThat(c.source(ConfigKeys.STORE_URI)).isEqualTo("default");
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheLast() throws IOException {
        Path f = yaml("""
                api:
                  port: 9201
                  host: 0.0.0.0
                coordination:
                  session_timeout: 5s
                """);
        Config c = ConfigLoader.load(
                f,
                Map.of("REFLEX_API_PORT", "9301", "REFLEX_BUS_URI", "amqp://guest:guest@h:5672"),
                Map.of("api.port", "9401"));
        assertThat(c.get(ConfigKeys.service("api").port())).isEqualTo(9401);
        assertThat(c.source(ConfigKeys.service("api").port())).isEqualTo("command line");
        assertThat(c.get(ConfigKeys.service("api").host())).isEqualTo("0.0.0.0");
        assertThat(c.source(ConfigKeys.service("api").host())).isEqualTo(f + ":3:3");
        assertThat(c.get(ConfigKeys.BUS_URI)).isEqualTo(URI.create("amqp://guest:guest@h:5672"));
        assertThat(c.source(ConfigKeys.BUS_URI)).isEqualTo("environment variable REFLEX_BUS_URI");
        assertThat(c.get(ConfigKeys.COORDINATION_SESSION_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void unknownKeyInFileNamesFileLineAndTheKnownKeys() throws IOException {
        Path f = yaml("""
                api:
                  host: 127.0.0.1
                  prot: 9101
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3:3: unknown config key 'api.prot'")
                .hasMessageContaining("known keys in this section: ")
                .hasMessageContaining("api.host")
                .hasMessageContaining("api.port")
                .hasMessageNotContaining("auth.host");
    }

    @Test
    void unknownSectionIsRejected() throws IOException {
        Path f = yaml("apii:\n  port: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining(f + ":1:1: unknown config section 'apii'");
    }

    @Test
    void badValuesNameKeyValueAndSource() throws IOException {
        Path f = yaml("api:\n  port: 99999\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessage("config key 'api.port': value '99999' must be between 0 and 65535 (from " + f + ":2:3)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("REFLEX_STORE_URI", "cassandra://x"), Map.of()))
                .hasMessageContaining(
                        "config key 'store.uri': value 'cassandra://x' has an unknown scheme; known schemes: mongodb, mongodb+srv, postgresql, postgres, embedded")
                .hasMessageContaining("environment variable REFLEX_STORE_URI");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("shutdown.grace", "soon")))
                .hasMessageContaining("must be a duration such as 500ms");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("api.portt", "1")))
                .hasMessageContaining("command line: unknown config key 'api.portt'");
    }

    @Test
    void malformedYamlIsReportedWithTheFile() throws IOException {
        Path f = yaml("api:\n  port: 'unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + f);
    }

    @Test
    void nestedValueWhereAScalarBelongsIsRejected() throws IOException {
        Path f = yaml("data_dir:\n  - a\n  - b\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining("config key 'data_dir' must be a single value");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("nope.yaml does not exist or is not readable");
    }

    @Test
    void everyKeyHasAnEnvironmentVariableOfItsOwn() {
        assertThat(ConfigKeys.all().stream().map(ConfigKey::envVar).distinct().count())
                .isEqualTo(ConfigKeys.all().size());
        assertThat(ConfigKeys.DATA_DIR.envVar()).isEqualTo("REFLEX_DATA_DIR");
        assertThat(ConfigKeys.COORDINATION_SESSION_TIMEOUT.envVar()).isEqualTo("REFLEX_COORDINATION_SESSION_TIMEOUT");
    }

    @Test
    void homeIsExpandedInPaths() {
        Config c = ConfigLoader.load(null, Map.of("REFLEX_DATA_DIR", "~/x"), Map.of());
        assertThat(c.get(ConfigKeys.DATA_DIR)).isEqualTo(Path.of(System.getProperty("user.home"), "x"));
    }
}
