package io.reflex.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    TokenCache cache() {
        return new TokenCache(dir.resolve(".reflex"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aWrittenTokenIsReadBackUntilShortlyBeforeItExpires() throws Exception {
        TokenCache c = cache();
        c.write(new TokenCache.Token("ada", "t1", NOW.plusSeconds(3600)));

        assertThat(c.read("ada")).hasValueSatisfying(t -> assertThat(t.token()).isEqualTo("t1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file("ada"))))
                .isEqualTo("rw-------");

        c.write(new TokenCache.Token("ada", "t2", NOW.plusSeconds(10)));
        assertThat(c.read("ada")).isEmpty();
        assertThat(c.read("bob")).isEmpty();
    }

    @Test
    void aMalformedFileCountsAsNoToken() throws Exception {
        TokenCache c = cache();
        Files.createDirectories(c.file("ada").getParent());
        Files.writeString(c.file("ada"), "not json");
        assertThat(c.read("ada")).isEmpty();
    }

    @Test
    void userNamesThatCouldEscapeTheDirectoryAreRefused() {
        assertThatThrownBy(() -> cache().file("../evil")).isInstanceOf(ClientException.class);
        assertThatThrownBy(() -> cache().file(".hidden")).isInstanceOf(ClientException.class);
    }
}
