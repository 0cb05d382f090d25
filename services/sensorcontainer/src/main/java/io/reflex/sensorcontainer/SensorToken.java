package io.reflex.sensorcontainer;

import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service token this container's sensors call the API with ({@code ST2_AUTH_TOKEN}), as StackStorm's
 * container mints one for user {@code sensors_container}. One token per container process: minted on
 * start, its expiry pushed forward while the container runs (a sensor may run longer than a token lives;
 * StackStorm's do not renew and stop working after 24 h), deleted on stop. A token left by a killed
 * container expires on its own and the gc removes it.
 */
final class SensorToken {
    private static final Logger log = LoggerFactory.getLogger(SensorToken.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store<Token> tokens;
    private final Clock clock;
    private final String user;
    private final Duration ttl;
    private final String memberId;
    private volatile Token token;

    SensorToken(Store<Token> tokens, Clock clock, String user, Duration ttl, String memberId) {
        this.tokens = tokens;
        this.clock = clock;
        this.user = user;
        this.ttl = ttl;
        this.memberId = memberId;
    }

    /** Mints the token (once). */
    String value() {
        Token t = token;
        if (t == null) {
            synchronized (this) {
                if (token == null) {
                    byte[] secret = new byte[16];
                    RANDOM.nextBytes(secret);
                    token = tokens.insert(new Token(
                            Ids.newId(),
                            user,
                            HexFormat.of().formatHex(secret),
                            Timestamps.now(clock).plus(ttl),
                            Json.object().put("service", "sensors_container").put("member", memberId),
                            true));
                    log.info("sensor token minted token_id={} user={}", token.id(), user);
                }
                t = token;
            }
        }
        return t.token();
    }

    /** Pushes the expiry a full ttl ahead once less than half of it is left. */
    void renewIfDue() {
        Token t = token;
        Instant now = Timestamps.now(clock);
        if (t == null || t.expiry().isAfter(now.plus(ttl.dividedBy(2)))) {
            return;
        }
        Token renewed = new Token(t.id(), t.user(), t.token(), now.plus(ttl), t.metadata(), t.service());
        if (tokens.replace(renewed)) {
            token = renewed;
            log.info("sensor token renewed token_id={} expiry={}", t.id(), Timestamps.format(renewed.expiry()));
        } else {
            log.warn(
                    "sensor token gone token_id={}: sensors' API calls will fail until the container restarts", t.id());
        }
    }

    void delete() {
        Token t = token;
        if (t == null) {
            return;
        }
        try {
            tokens.delete(t.id());
            log.info("sensor token deleted token_id={}", t.id());
        } catch (RuntimeException e) {
            log.warn("sensor token not deleted token_id={} error={}", t.id(), e.toString());
        }
    }
}
