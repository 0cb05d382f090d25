package io.reflex.api.keys;

import static io.reflex.api.keys.KeysApiTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.api.ApiTestServer;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An api whose crypto key file cannot be made still serves plain keys and refuses secrets like st2api. */
class KeysWithoutCryptoKeyTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String token;
    static Path keyFile;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("not-a-directory"), "");
        keyFile = dir.resolve("not-a-directory/key.json");
        api = ApiTestServer.start(dir, Map.of("keyvalue.encryption_key_path", keyFile.toString()));
        token = api.token("st2admin");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void secretsAreRefusedWithStackStormsMessageAndNothingIsStored() {
        var r = api.put("/api/v1/keys/s", token, body("s", "v", "secret", true));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("faultstring").asText())
                .isEqualTo("Crypto key not found in " + keyFile + ". Unable to encrypt / decrypt value for key s.");
        assertThat(api.put("/api/v1/keys/e", token, body("e", "ABCD", "encrypted", true))
                        .status())
                .isEqualTo(400);
        assertThat(api.store().store(Kinds.KEY_VALUE_PAIR).count(Filter.in("name", java.util.List.of("s", "e"))))
                .isZero();
    }

    @Test
    void plainKeysStillWork() {
        assertThat(api.put("/api/v1/keys/plain", token, body("plain", "v")).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/keys/plain", token).json().get("value").asText())
                .isEqualTo("v");
    }
}
