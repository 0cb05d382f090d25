package io.reflex.cli;

import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.AuthClient;
import io.reflex.cli.client.ClientSettings;
import io.reflex.cli.client.Credentials;
import io.reflex.cli.client.TokenCache;
import io.reflex.cli.client.Transport;
import java.net.http.HttpClient;

/** One command's connection to Reflex: the HTTP client, the API, the auth service and the token cache. */
final class Session implements AutoCloseable {
    private final HttpClient http;
    private final ClientSettings settings;
    private final TokenCache tokens;
    private final AuthClient auth;
    private final ApiClient api;

    Session(ClientSettings settings, TokenCache tokens) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Transport transport = new Transport(http);
        this.settings = settings;
        this.tokens = tokens;
        this.auth = new AuthClient(transport, settings.authUrl());
        this.api = new ApiClient(settings, transport, new Credentials(settings, tokens, auth));
    }

    ClientSettings settings() {
        return settings;
    }

    TokenCache tokens() {
        return tokens;
    }

    AuthClient auth() {
        return auth;
    }

    ApiClient api() {
        return api;
    }

    /** Drops open connections (an output stream still open, for one) instead of waiting for them. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
