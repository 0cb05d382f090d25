package io.reflex.actionrunner;

import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary token of one execution ({@code ST2_ACTION_AUTH_TOKEN}, and {@code ST2_AUTH_TOKEN} for Python
 * actions): a service token of the execution's user, made before the action runs and deleted when it ended,
 * with the metadata StackStorm's runner container writes ({@code service}, {@code action_name},
 * {@code live_action_id}). A token left behind by a crash expires on its own.
 */
final class ActionTokens {
    private static final Logger log = LoggerFactory.getLogger(ActionTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store<Token> tokens;
    private final Clock clock;

    ActionTokens(Store<Token> tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    Token create(String user, String executionId, String actionName, Duration ttl) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        Token t = new Token(
                Ids.newId(),
                user,
                HexFormat.of().formatHex(secret),
                Timestamps.now(clock).plus(ttl),
                Json.object()
                        .put("service", "actions_container")
                        .put("action_name", actionName)
                        .put("live_action_id", executionId)
                        .put("execution_id", executionId)
                        .put("issued_by", "actionrunner"),
                true);
        return tokens.insert(t);
    }

    void delete(Token t) {
        try {
            tokens.delete(t.id());
        } catch (RuntimeException e) {
            log.warn("execution token not deleted token_id={} error={}", t.id(), e.toString());
        }
    }
}
