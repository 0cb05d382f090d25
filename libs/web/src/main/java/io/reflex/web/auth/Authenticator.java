package io.reflex.web.auth;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ApiKey;
import io.reflex.core.model.Token;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks the credentials StackStorm clients send: a token
 * ({@code X-Auth-Token} header, {@code x-auth-token} query parameter or {@code auth-token} cookie) or an
 * API key ({@code St2-Api-Key} header or {@code st2-api-key} query parameter). Tokens must exist and not be
 * expired; API keys are looked up by hash and must be enabled. Blocks on the store.
 */
public final class Authenticator {
    private final Store<Token> tokens;
    private final Store<ApiKey> apiKeys;
    private final Clock clock;
    private final boolean enabled;

    public Authenticator(StateStore store, Clock clock, boolean enabled) {
        this.tokens = store.store(Kinds.TOKEN);
        this.apiKeys = store.store(Kinds.API_KEY);
        this.clock = clock;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The credentials found on a request. */
    public record Credentials(Optional<String> token, Optional<String> apiKey) {}

    /**
     * @throws ApiException 401 with StackStorm's message when the credentials are missing or invalid
     */
    public Principal authenticate(Credentials credentials) {
        if (!enabled) {
            return new Principal("anonymous", "none", null);
        }
        if (credentials.token().isPresent()) {
            return byToken(credentials.token().get());
        }
        if (credentials.apiKey().isPresent()) {
            return byApiKey(credentials.apiKey().get());
        }
        throw ApiException.unauthorized("One of Token or API key required.");
    }

    public Principal byToken(String value) {
        Token t = tokens.findOne(Filter.eq("token", value))
                .orElseThrow(() -> ApiException.unauthorized("Token not found."));
        Instant now = Timestamps.now(clock);
        if (t.expiredAt(now)) {
            throw ApiException.unauthorized("Token has expired.");
        }
        return new Principal(t.user(), "token", t.expiry());
    }

    public Principal byApiKey(String key) {
        ApiKey k = apiKeys.findOne(Filter.eq("key_hash", ApiKeys.hash(key)))
                .orElseThrow(() -> ApiException.unauthorized("API key not found."));
        if (!k.enabled()) {
            throw ApiException.unauthorized("API key is disabled.");
        }
        return new Principal(k.user(), "api_key", null);
    }
}
