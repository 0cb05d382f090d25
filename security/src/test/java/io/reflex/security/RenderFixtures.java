package io.reflex.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** The keys and lookups the rendering tests share: pack {@code sec_render}, its secret and plain key. */
final class RenderFixtures {
    static final String SECRET_KEY = "sec_render_s1";
    static final String PLAINTEXT = "sec-render-plain-s3cret";
    static final String PLAIN_KEY = "sec_render_plain";
    static final String PLAIN_VALUE = "sec-render-visible";

    private final SecurityStack stack;

    RenderFixtures(SecurityStack stack) {
        this.stack = stack;
    }

    /** Registers the pack and stores the keys (as the administrator); safe to call again. */
    RenderFixtures ready() {
        assertThat(stack.register("sec_render").status()).isEqualTo(200);
        putKey(SECRET_KEY, PLAINTEXT, true);
        putKey(PLAIN_KEY, PLAIN_VALUE, false);
        return this;
    }

    private void putKey(String name, String value, boolean secret) {
        String body = Json.write(Map.of("name", name, "value", value, "secret", secret));
        assertThat(stack.put("/api/v1/keys/" + name, stack.admin(), body).status())
                .isEqualTo(200);
    }

    /** The stored ciphertext of the secret key. */
    String ciphertext() {
        return stack.store
                .store(Kinds.KEY_VALUE_PAIR)
                .findOne(Filter.and(Filter.eq("scope", KeyValuePair.SYSTEM), Filter.eq("name", SECRET_KEY)))
                .orElseThrow()
                .value();
    }

    /** The completed execution of {@code actionRef} whose parameters mention {@code marker}. */
    Execution completedWith(String actionRef, String marker) {
        Execution found = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> find(actionRef, marker), Optional::isPresent)
                .orElseThrow();
        return stack.awaitCompleted(found.id());
    }

    private Optional<Execution> find(String actionRef, String marker) {
        return stack.store.executions().find(Query.of(Filter.eq("action.ref", actionRef))).stream()
                .filter(e -> e.parameters().toString().contains(marker))
                .findFirst();
    }

    /** What an echo printed. */
    static String stdout(Execution e) {
        return e.result().path("stdout").asText();
    }

    /** The whole record as JSON text, for "appears nowhere" checks. */
    static String everything(Execution e) {
        return Json.write(e);
    }
}
