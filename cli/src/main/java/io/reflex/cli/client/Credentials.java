package io.reflex.cli.client;

import java.util.Optional;

/**
 * The credential a command sends, chosen like st2's client: an explicit token (option or environment),
 * else an API key, else the configured user's cached token, else a new token for the configured user and
 * password (cached for the next command). Resolved once, on the first request that needs it.
 */
public final class Credentials {
    /** A request header carrying the credential. */
    public record Header(String name, String value) {}

    private final ClientSettings settings;
    private final TokenCache cache;
    private final AuthClient auth;
    private Optional<Header> header;
    private boolean fromCache;

    public Credentials(ClientSettings settings, TokenCache cache, AuthClient auth) {
        this.settings = settings;
        this.cache = cache;
        this.auth = auth;
    }

    public synchronized Optional<Header> header() {
        if (header == null) {
            header = resolve();
        }
        return header;
    }

    /**
     * After a 401 for a cached token (the server forgot it, or it was revoked): forgets it and logs in again
     * when a password is configured.
     *
     * @return true when a new credential is ready and the request is worth repeating
     */
    public synchronized boolean renew() {
        if (!fromCache || settings.password() == null) {
            return false;
        }
        cache.delete(settings.username());
        fromCache = false;
        header = Optional.of(fresh());
        return true;
    }

    private Optional<Header> resolve() {
        if (settings.token() != null) {
            return Optional.of(new Header("X-Auth-Token", settings.token()));
        }
        if (settings.apiKey() != null) {
            return Optional.of(new Header("St2-Api-Key", settings.apiKey()));
        }
        if (settings.username() == null) {
            return Optional.empty();
        }
        Optional<TokenCache.Token> cached = settings.cacheToken() ? cache.read(settings.username()) : Optional.empty();
        if (cached.isPresent()) {
            fromCache = true;
            return Optional.of(new Header("X-Auth-Token", cached.get().token()));
        }
        return settings.password() == null ? Optional.empty() : Optional.of(fresh());
    }

    private Header fresh() {
        TokenCache.Token t = auth.login(settings.username(), settings.password(), null);
        if (settings.cacheToken()) {
            cache.write(t);
        }
        return new Header("X-Auth-Token", t.token());
    }
}
