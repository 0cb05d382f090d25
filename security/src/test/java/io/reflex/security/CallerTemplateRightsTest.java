package io.reflex.security;

import static io.reflex.security.RenderFixtures.PLAINTEXT;
import static io.reflex.security.RenderFixtures.SECRET_KEY;
import static io.reflex.security.RenderFixtures.everything;
import static io.reflex.security.RenderFixtures.stdout;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.testing.JsonHttp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Templates an API caller sends are rendered once, with the caller's datastore rights: a template cannot
 * read or decrypt a key that {@code GET /api/v1/keys} would not show the caller, and {@code decrypt_kv}
 * decrypts only a value the same template read from the datastore.
 */
class CallerTemplateRightsTest {
    private final SecurityStack stack = SecurityStack.get();
    private final RenderFixtures fixtures = new RenderFixtures(stack);

    @BeforeEach
    void ready() {
        fixtures.ready();
    }

    private JsonHttp.Response echo(String token, String message) {
        String body = Json.write(Map.of("action", "core.echo", "parameters", Map.of("message", message)));
        return stack.post("/api/v1/executions", token, body);
    }

    private static String marker() {
        return " m" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void theKeysApiRefusesTheExecutorThePlaintext() {
        assertThat(stack.get("/api/v1/keys/" + SECRET_KEY + "?decrypt=true", stack.token("executor"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anExecutorCannotDecryptAKeyThroughExecutionParameters() {
        String m = marker();
        String message = "{{ st2kv.system." + SECRET_KEY + " | decrypt_kv }}" + m;
        JsonHttp.Response r = echo(stack.token("executor"), message);
        String expected = "User \"executor\" doesn't have required permission \"key_value_pair_view\" on resource"
                + " \"key_value_pair:st2kv.system:" + SECRET_KEY + "\"";
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.faultstring()).contains(expected);
        assertThat(r.body()).doesNotContain(PLAINTEXT);
        Execution e = fixtures.completedWith("core.echo", m);
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.result().path("error").asText()).contains(expected);
        assertThat(everything(e)).doesNotContain(PLAINTEXT);
        assertThat(stack.get("/api/v1/executions/" + e.id() + "/output", stack.admin())
                        .body())
                .doesNotContain(PLAINTEXT);
    }

    @Test
    void anExecutorCannotReadAKeyThroughExecutionParametersEither() {
        JsonHttp.Response r =
                echo(stack.token("executor"), "{{ st2kv.system." + RenderFixtures.PLAIN_KEY + " }}" + marker());
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.faultstring()).contains("doesn't have required permission \"key_value_pair_view\"");
        assertThat(r.body()).doesNotContain(RenderFixtures.PLAIN_VALUE);
    }

    @Test
    void theAdministratorMayDecryptThroughExecutionParameters() {
        String m = marker();
        JsonHttp.Response r = echo(stack.admin(), "{{ st2kv.system." + SECRET_KEY + " | decrypt_kv }}" + m);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Execution e = stack.awaitCompleted(r.json().path("id").asText());
        assertThat(e.status()).as(everything(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(stdout(e)).contains(PLAINTEXT + m);
    }

    @Test
    void aCiphertextHandedToDecryptKvIsRefusedEvenToTheAdministrator() {
        String ciphertext = fixtures.ciphertext();
        for (String token : new String[] {stack.token("executor"), stack.admin()}) {
            JsonHttp.Response r = echo(token, "{{ '" + ciphertext + "' | decrypt_kv }}" + marker());
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.faultstring()).contains("decrypt_kv only decrypts a value read from the datastore");
            assertThat(r.body()).doesNotContain(PLAINTEXT);
        }
    }
}
