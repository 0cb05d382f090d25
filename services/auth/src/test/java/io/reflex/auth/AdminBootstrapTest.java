package io.reflex.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start: the administrator account exists, with the operator's password or a generated one. */
class AdminBootstrapTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedPasswordIsStoredOwnerOnlyPrintedOnceAndAnnouncedOnEveryStart() throws Exception {
        Path file = dir.resolve("admin-password");
        String password;
        try (AuthTestServer auth = AuthTestServer.start(dir, Map.of(), Map.of())) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(auth.printed()).contains(password).contains(file.toString());
            assertThat(auth.endpoint().description())
                    .contains("password of st2admin")
                    .contains(file.toString());
            assertThat(Files.readString(dir.resolve("htpasswd"))).startsWith("st2admin:$2y$12$");
            assertThat(auth.login("st2admin", password, null).status()).isEqualTo(201);
        }
        try (AuthTestServer again = AuthTestServer.start(dir, Map.of(), Map.of())) {
            assertThat(again.printed()).isEmpty();
            assertThat(Files.readString(file).strip()).isEqualTo(password);
            assertThat(again.endpoint().description()).contains(file.toString());
            assertThat(again.login("st2admin", password, null).status()).isEqualTo(201);
        }
    }

    @Test
    void thePasswordFromTheEnvironmentIsUsedAndNeitherStoredNorPrinted() throws Exception {
        try (AuthTestServer auth =
                AuthTestServer.start(dir, Map.of(), Map.of(AuthService.ADMIN_PASSWORD_ENV, "from-env-pw"))) {
            assertThat(dir.resolve("admin-password")).doesNotExist();
            assertThat(auth.printed()).doesNotContain("from-env-pw");
            assertThat(Files.readString(dir.resolve("htpasswd"))).doesNotContain("from-env-pw");
            assertThat(auth.login("st2admin", "from-env-pw", null).status()).isEqualTo(201);
            assertThat(auth.login("st2admin", "wrong", null).status()).isEqualTo(401);
        }
    }

    @Test
    void theConfigKeysOwnVariableAndAnotherAdminNameWorkToo() throws Exception {
        try (AuthTestServer auth = AuthTestServer.start(
                dir,
                Map.of("auth.admin_user", "root"),
                Map.of("REFLEX_AUTH_ADMIN_PASSWORD", "cfg-pw", AuthService.ADMIN_PASSWORD_ENV, "ignored"))) {
            assertThat(auth.login("root", "cfg-pw", null).status()).isEqualTo(201);
            assertThat(auth.login("st2admin", "cfg-pw", null).status()).isEqualTo(401);
        }
    }

    @Test
    void anExistingAccountIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("htpasswd"), "st2admin:{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4=\n");
        try (AuthTestServer auth =
                AuthTestServer.start(dir, Map.of(), Map.of(AuthService.ADMIN_PASSWORD_ENV, "new-pw"))) {
            assertThat(auth.login("st2admin", "testp", null).status()).isEqualTo(201);
            assertThat(auth.login("st2admin", "new-pw", null).status()).isEqualTo(401);
            assertThat(dir.resolve("admin-password")).doesNotExist();
        }
    }
}
