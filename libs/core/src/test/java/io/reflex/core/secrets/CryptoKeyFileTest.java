package io.reflex.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileIsCreatedOwnerOnlyAndThenReusedAsIs() throws Exception {
        Path file = dir.resolve("keys/datastore_key.json");
        CryptoKey first = CryptoKeyFile.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(first.size()).isEqualTo(256);
        assertThat(CryptoKeyFile.loadOrCreate(file)).isEqualTo(first);
        assertThat(dir.resolve("keys").toFile().list()).containsExactly("datastore_key.json");
    }

    @Test
    void writesStackStormsKeyFileFormat() throws Exception {
        Path file = dir.resolve("k.json");
        CryptoKeyFile.loadOrCreate(file);
        var json = io.reflex.core.json.Json.mapper().readTree(Files.readString(file));
        assertThat(json.get("mode").asText()).isEqualTo("CBC");
        assertThat(json.get("size").asInt()).isEqualTo(256);
        assertThat(json.get("hmacKey").get("size").asInt()).isEqualTo(256);
        assertThat(json.get("aesKeyString").asText()).matches("^[A-Za-z0-9_-]{43}$");
        assertThat(json.get("hmacKey").get("hmacKeyString").asText()).matches("^[A-Za-z0-9_-]{43}$");
    }

    @Test
    void readsStackStormsDemoKeyFile() throws Exception {
        Path file = dir.resolve("st2_kvstore_demo.crypto.key.json");
        Files.writeString(file, DatastoreCipherTest.DEMO_KEY);
        CryptoKey key = CryptoKeyFile.read(file);
        assertThat(key.size()).isEqualTo(128);
        assertThat(key.toString()).doesNotContain(key.aesKeyString()).doesNotContain(key.hmacKeyString());
    }

    @Test
    void processesStartingTogetherAllEndUpWithTheSameKey() throws Exception {
        Path file = dir.resolve("race/key.json");
        List<Callable<CryptoKey>> starts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            starts.add(() -> CryptoKeyFile.loadOrCreate(file));
        }
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<CryptoKey> keys = new ArrayList<>();
            for (Future<CryptoKey> f : pool.invokeAll(starts)) {
                keys.add(f.get());
            }
            assertThat(keys).allMatch(k -> k.equals(keys.get(0)));
        }
        assertThat(CryptoKeyFile.read(file)).isEqualTo(CryptoKeyFile.loadOrCreate(file));
    }

    @Test
    void aMalformedKeyFileIsReportedWithItsPath() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"aesKeyString\": \"AAAA\", \"mode\": \"CBC\", \"size\": 128}");
        assertThatThrownBy(() -> CryptoKeyFile.read(file))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining(file.toString());
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> CryptoKeyFile.read(file)).hasMessageContaining("not JSON");
    }

    @Test
    void unsafeOrUnknownKeyParametersAreRefused() {
        assertThatThrownBy(() -> new CryptoKey("AAECAwQFBgcI", "AAECAwQFBgcI", 256, "CBC", 64))
                .hasMessageContaining("key size 64");
        assertThatThrownBy(() -> new CryptoKey("AAECAwQFBgcICQoLDA0ODw", "AAEC", 256, "ECB", 128))
                .hasMessageContaining("mode 'ECB'");
        assertThatThrownBy(() -> new CryptoKey("AAECAwQFBgcICQoLDA0ODw", "AAEC", 256, "CBC", 256))
                .hasMessageContaining("256-bit");
    }
}
