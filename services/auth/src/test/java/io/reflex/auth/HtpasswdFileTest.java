package io.reflex.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flat-file backend: parsing, re-reading on change, appending. */
class HtpasswdFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileHasNoUsers() {
        HtpasswdFile f = new HtpasswdFile(dir.resolve("htpasswd"));
        assertThat(f.authenticate("testu", "testp")).isFalse();
        assertThat(f.contains("testu")).isFalse();
    }

    @Test
    void commentsBlankLinesAndBrokenLinesAreIgnored() throws Exception {
        Path p = dir.resolve("htpasswd");
        Files.writeString(p, "# users\n\ntestu:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=\nbroken line\n:nouser\n");
        HtpasswdFile f = new HtpasswdFile(p);
        assertThat(f.current()).containsOnlyKeys("testu");
        assertThat(f.authenticate("testu", "testp")).isTrue();
    }

    @Test
    void anEditedFileIsReadAgain() throws Exception {
        Path p = dir.resolve("htpasswd");
        Files.writeString(p, "testu:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=\n");
        HtpasswdFile f = new HtpasswdFile(p);
        assertThat(f.authenticate("testu", "testp")).isTrue();
        Files.writeString(p, "other:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=\n");
        // the same size: only the modification time tells the versions apart
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(f.authenticate("testu", "testp")).isFalse();
        assertThat(f.authenticate("other", "testp")).isTrue();
    }

    @Test
    void addAppendsAnOwnerOnlyEntryAndRefusesDuplicates() throws Exception {
        Path p = dir.resolve("sub/htpasswd");
        HtpasswdFile f = new HtpasswdFile(p);
        f.add("alice", "{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=");
        f.add("bob", "$apr1$Ab3dEf9h$DaaQIQPSWfTQNKYb6NaQo.");
        assertThat(Files.readAllLines(p)).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                .isEqualTo("rw-------");
        assertThat(f.authenticate("bob", "apr-secret")).isTrue();
        assertThatThrownBy(() -> f.add("alice", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.add("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
