package io.reflex.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {
    @TempDir
    Path dir;

    ClientConfigFile config(String text) throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, text);
        return ClientConfigFile.read(f);
    }

    @Test
    void defaultsAreTheLocalServices() {
        ClientSettings s = ClientSettings.resolve(
                ClientSettings.Overrides.none(), Map.of(), ClientConfigFile.empty(dir.resolve("none")));

        assertThat(s.apiUrl()).hasToString("http://127.0.0.1:9101");
        assertThat(s.authUrl()).hasToString("http://127.0.0.1:9100");
        assertThat(s.streamUrl()).hasToString("http://127.0.0.1:9102");
        assertThat(s.username()).isNull();
        assertThat(s.cacheToken()).isTrue();
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheFileAndReflexNamesBeatSt2Names() throws Exception {
        ClientConfigFile file = config("""
                # a comment
                [api]
                url = http://from-file:1
                [auth]
                url: http://from-file:2   # inline comment
                [stream]
                url = http://from-file:3/
                [credentials]
                username = alice
                password = p#ss=word
                api_key = file-key
                """);
        Map<String, String> env = Map.of(
                "REFLEX_API_URL", "http://from-env:1",
                "ST2_API_URL", "http://st2-env:1",
                "ST2_AUTH_URL", "http://st2-env:2",
                "ST2_API_KEY", "env-key");

        ClientSettings s =
                ClientSettings.resolve(new ClientSettings.Overrides(null, null, null, "opt-token", null), env, file);
        assertThat(s.apiUrl()).hasToString("http://from-env:1");
        assertThat(s.authUrl()).hasToString("http://st2-env:2");
        assertThat(s.streamUrl()).hasToString("http://from-file:3");
        assertThat(s.username()).isEqualTo("alice");
        assertThat(s.password()).isEqualTo("p#ss=word");
        assertThat(s.apiKey()).isEqualTo("env-key");
        assertThat(s.token()).isEqualTo("opt-token");

        ClientSettings opt = ClientSettings.resolve(
                new ClientSettings.Overrides("http://from-option:1", null, null, null, null), env, file);
        assertThat(opt.apiUrl()).hasToString("http://from-option:1");
    }

    @Test
    void aMalformedUrlIsAUsageErrorNamingItsSource() {
        assertThatThrownBy(() -> ClientSettings.resolve(
                        ClientSettings.Overrides.none(),
                        Map.of("REFLEX_API_URL", "localhost:9101"),
                        ClientConfigFile.empty(dir)))
                .isInstanceOf(ClientException.class)
                .hasMessage("REFLEX_API_URL: 'localhost:9101' is not an http(s) URL")
                .satisfies(e -> assertThat(((ClientException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void endpointsAddTheVersionUnlessTheUrlAlreadyEndsWithIt() {
        assertThat(ClientSettings.endpoint(URI.create("http://h:9101"), "/actions"))
                .hasToString("http://h:9101/v1/actions");
        assertThat(ClientSettings.endpoint(URI.create("https://h/api/v1"), "/actions"))
                .hasToString("https://h/api/v1/actions");
        assertThat(ClientSettings.endpoint(URI.create("https://h/auth"), "/tokens"))
                .hasToString("https://h/auth/v1/tokens");
    }

    @Test
    void theConfigFileComesFromTheOptionThenTheEnvironmentThenTheHomeDirectory() {
        Path home = dir.resolve("home");
        assertThat(ClientSettings.configFile(null, Map.of(), home)).isEqualTo(home.resolve(".reflex/config"));
        assertThat(ClientSettings.configFile(null, Map.of("ST2_CONFIG_FILE", "/etc/st2"), home))
                .isEqualTo(Path.of("/etc/st2"));
        assertThat(ClientSettings.configFile(Path.of("/x"), Map.of("REFLEX_CLI_CONFIG", "/y"), home))
                .isEqualTo(Path.of("/x"));
    }

    @Test
    void settingAKeyKeepsTheRestOfTheFileAndANewFileIsPrivate() throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(
                f, "# mine\n[api]\nurl = http://a:1\n\n[credentials]\nusername = old\n[cli]\ncache_token = true\n");

        ClientConfigFile.set(f, "credentials", "username", "new");
        ClientConfigFile.set(f, "credentials", "password", "pw");
        ClientConfigFile.set(f, "stream", "url", "http://s:3");

        assertThat(Files.readString(f)).isEqualTo("""
                # mine
                [api]
                url = http://a:1

                [credentials]
                username = new
                password = pw
                [cli]
                cache_token = true

                [stream]
                url = http://s:3
                """);
        Path fresh = dir.resolve("sub/config");
        ClientConfigFile.set(fresh, "credentials", "username", "u");
        assertThat(Files.readString(fresh)).isEqualTo("[credentials]\nusername = u\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void cacheTokenFalseDisablesTheCache() throws Exception {
        ClientSettings s = ClientSettings.resolve(
                ClientSettings.Overrides.none(), Map.of(), config("[cli]\ncache_token = False\n"));
        assertThat(s.cacheToken()).isFalse();
    }
}
