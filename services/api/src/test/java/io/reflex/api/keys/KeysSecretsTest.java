package io.reflex.api.keys;

import static io.reflex.api.keys.KeysApiTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiTestServer;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.secrets.CryptoKey;
import io.reflex.core.secrets.CryptoKeyFile;
import io.reflex.core.secrets.DatastoreCipher;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.runtime.web.WebParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datastore secrets over HTTP, with RBAC on: encrypted at rest, shown as ciphertext, decrypted for whom may. */
class KeysSecretsTest {
    @TempDir
    static Path dir;

    static ApiTestServer api;
    static String admin;
    static String alice;

    @BeforeAll
    static void start() throws Exception {
        KeysRbacTest.writeRbac(dir.resolve("rbac"));
        api = ApiTestServer.start(dir, Map.of("rbac.enable", "true"));
        admin = api.token("st2admin");
        alice = api.token("alice");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void secretsAreCiphertextAtRestAndDecryptedOnlyOnRequest() {
        var put = api.put("/api/v1/keys/sec.pw", admin, body("sec.pw", "hunter2", "secret", true));
        assertThat(put.status()).isEqualTo(200);
        String shown = put.json().get("value").asText();
        assertThat(put.json().get("encrypted").asBoolean()).isTrue();
        assertThat(put.json().get("secret").asBoolean()).isTrue();

        KeyValuePair stored = api.store()
                .store(Kinds.KEY_VALUE_PAIR)
                .findOne(Filter.eq("name", "sec.pw"))
                .orElseThrow();
        assertThat(stored.value()).matches("^[0-9A-F]+$").doesNotContain("hunter2");
        assertThat(shown).as("shown as its ciphertext, as StackStorm shows it").isEqualTo(stored.value());
        assertThat(cipher().decrypt(stored.value())).isEqualTo("hunter2");

        var masked = api.get("/api/v1/keys/sec.pw", admin).json();
        assertThat(masked.get("value").asText()).isEqualTo(shown);
        assertThat(masked.get("encrypted").asBoolean()).isTrue();
        var plain = api.get("/api/v1/keys/sec.pw?decrypt=true", admin).json();
        assertThat(plain.get("value").asText()).isEqualTo("hunter2");
        assertThat(plain.get("encrypted").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/keys?prefix=sec.&decrypt=true", admin)
                        .json()
                        .get(0)
                        .get("value")
                        .asText())
                .isEqualTo("hunter2");
        assertThat(api.get("/api/v1/keys?prefix=sec.", admin).body()).doesNotContain("hunter2");
    }

    @Test
    void theKeyFileIsMadeOnFirstStartOwnerOnly() throws Exception {
        Path file = WebParts.cryptoKeyFile(api.config());
        assertThat(file).isEqualTo(dir.resolve("keys/datastore_key.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void usersDecryptTheirOwnSecretsButNotSystemOnes() {
        api.put("/api/v1/keys/own.secret", alice, body("own.secret", "mine!", "secret", true, "scope", "user"));
        var own = api.get("/api/v1/keys/own.secret?scope=user&decrypt=true", alice);
        assertThat(own.json().get("value").asText()).isEqualTo("mine!");
        assertThat(api.get("/api/v1/keys?scope=user&decrypt=true", alice).body())
                .contains("mine!");

        api.put("/api/v1/keys/sys.secret", admin, body("sys.secret", "theirs", "secret", true));
        String olivia = api.token("olivia");
        assertThat(api.get("/api/v1/keys/sys.secret", olivia)
                        .json()
                        .get("encrypted")
                        .asBoolean())
                .isTrue();
        for (var r : List.of(
                api.get("/api/v1/keys/sys.secret?decrypt=true", olivia),
                api.get("/api/v1/keys?decrypt=true", olivia),
                api.get("/api/v1/keys?scope=all&decrypt=true", alice))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("faultstring").asText()).isEqualTo("Decrypt option requires administrator access");
            assertThat(r.body()).doesNotContain("theirs");
        }
    }

    @Test
    void aListedSecretLoadsBackAsItWasThePathOfAKeyBackup() {
        api.put("/api/v1/keys/bak.pw", admin, body("bak.pw", "s3cret", "secret", true));
        var listed = api.get("/api/v1/keys?prefix=bak.", admin);
        assertThat(listed.status()).isEqualTo(200);
        ObjectNode backup = (ObjectNode) listed.json().get(0);
        assertThat(backup.get("encrypted").asBoolean()).isTrue();
        String ciphertext = backup.get("value").asText();
        assertThat(ciphertext).isNotEqualTo("********").doesNotContain("s3cret");
        assertThat(api.delete("/api/v1/keys/bak.pw", admin).status()).isEqualTo(204);

        // st2 key load: each listed item PUT back as printed
        var loaded = api.put("/api/v1/keys/bak.pw", admin, backup.toString());
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.json().get("value").asText()).isEqualTo(ciphertext);
        assertThat(api.get("/api/v1/keys/bak.pw?decrypt=true", admin)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("s3cret");
        var plain = api.get("/api/v1/keys/bak.pw?decrypt=true", admin).json();
        assertThat(plain.get("encrypted").asBoolean()).isFalse();
    }

    @Test
    void preEncryptedValuesMustDecryptWithThisInstallationsKey() {
        String good = cipher().encrypt("migrated");
        var ok = api.put("/api/v1/keys/enc.ok", admin, body("enc.ok", good, "encrypted", true));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("value").asText()).isEqualTo(good);
        assertThat(ok.json().get("secret").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/keys/enc.ok?decrypt=true", admin)
                        .json()
                        .get("value")
                        .asText())
                .isEqualTo("migrated");

        long before = storedKeys();
        String otherKey = new DatastoreCipher(CryptoKey.generate(256)).encrypt("x");
        for (String bad : List.of(otherKey, "zzz", good.substring(0, good.length() - 2) + "00")) {
            var r = api.put("/api/v1/keys/enc.bad", admin, body("enc.bad", bad, "encrypted", true));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("faultstring").asText())
                    .isEqualTo("Failed to verify the integrity of the provided value for key \"enc.bad\". Ensure that"
                            + " the value is encrypted with the correct key and not corrupted.");
        }
        var notAdmin =
                api.put("/api/v1/keys/enc.mine", alice, body("enc.mine", good, "encrypted", true, "scope", "user"));
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().get("faultstring").asText())
                .isEqualTo("Pre-encrypted option requires administrator access");
        assertThat(storedKeys()).isEqualTo(before);
    }

    static long storedKeys() {
        return api.store().store(Kinds.KEY_VALUE_PAIR).count(Filter.all());
    }

    static DatastoreCipher cipher() {
        return new DatastoreCipher(CryptoKeyFile.read(WebParts.cryptoKeyFile(api.config())));
    }
}
