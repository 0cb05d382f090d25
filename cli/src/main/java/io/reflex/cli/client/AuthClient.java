package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code POST /auth/v1/tokens} with HTTP Basic credentials, as {@code st2 login} does. Blocks. */
public final class AuthClient {
    private final Transport transport;
    private final URI authUrl;

    public AuthClient(Transport transport, URI authUrl) {
        this.transport = transport;
        this.authUrl = authUrl;
    }

    /**
     * Asks the auth service for a token.
     *
     * @param ttlSeconds null for the server's default lifetime
     * @throws ClientException {@link ExitCodes#UNAUTHENTICATED} for wrong credentials
     */
    public TokenCache.Token login(String user, String password, Long ttlSeconds) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var body = Json.object();
        if (ttlSeconds != null) {
            body.put("ttl", ttlSeconds);
        }
        HttpRequest request = HttpRequest.newBuilder(ClientSettings.endpoint(authUrl, "/tokens"))
                .timeout(Transport.REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        JsonNode json = transport.send(request).json();
        if (json == null || !json.path("token").isTextual()) {
            throw new ClientException("the auth service answered without a token", ExitCodes.FAILED);
        }
        return new TokenCache.Token(
                json.path("user").asText(user),
                json.get("token").asText(),
                Timestamps.parse(json.path("expiry").asText()));
    }
}
