package io.reflex.auth;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Token;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints tokens the way StackStorm's {@code create_token} does: {@code uuid4().hex}, valid for the requested
 * ttl (at most {@code auth.token_ttl}) or {@code auth.token_ttl}. Blocks on the store. The token value is
 * never logged.
 */
final class TokenIssuer {
    private static final Logger log = LoggerFactory.getLogger(TokenIssuer.class);

    private final Store<Token> tokens;
    private final Clock clock;
    private final Duration maxTtl;

    TokenIssuer(StateStore store, Clock clock, Duration maxTtl) {
        this.tokens = store.store(Kinds.TOKEN);
        this.clock = clock;
        this.maxTtl = maxTtl;
    }

    /**
     * @param ttlSeconds the requested lifetime, or null for the default
     * @throws ApiException 400 when {@code ttlSeconds} exceeds {@code auth.token_ttl}
     */
    Token issue(String user, Long ttlSeconds) {
        long max = maxTtl.toSeconds();
        if (ttlSeconds != null && ttlSeconds > max) {
            throw ApiException.badRequest("TTL specified " + ttlSeconds + " is greater than max allowed " + max + ".");
        }
        long ttl = ttlSeconds == null ? max : ttlSeconds;
        Token t = new Token(
                Ids.newId(),
                user,
                UUID.randomUUID().toString().replace("-", ""),
                Timestamps.now(clock).plusSeconds(ttl),
                null,
                false);
        tokens.insert(t);
        log.info("token issued id={} user={} expiry={}", t.id(), user, Timestamps.format(t.expiry()));
        return t;
    }

    /** Whether {@code value} is a known token that has not expired. */
    boolean valid(String value) {
        return tokens.findOne(Filter.eq("token", value))
                .map(t -> !t.expiredAt(Timestamps.now(clock)))
                .orElse(false);
    }
}
