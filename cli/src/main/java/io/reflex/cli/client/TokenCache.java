package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tokens cached per user in {@code <dir>/token-<user>} (mode 0600), as st2 caches them in {@code
 * ~/.st2/token-<user>}: {@code {"user", "token", "expiry"}}. A token is reused until shortly before it
 * expires; an unreadable or malformed file counts as no token.
 */
public final class TokenCache {
    /** A token this close to its expiry is not reused: a command may run for a while. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private final Path dir;
    private final Clock clock;

    public TokenCache(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public record Token(String user, String token, Instant expiry) {}

    public Path file(String user) {
        if (!SAFE_USER.matcher(user).matches() || user.startsWith(".")) {
            throw ClientException.usage("user name '" + user + "' cannot name a token file");
        }
        return dir.resolve("token-" + user);
    }

    /** The cached token of {@code user} when it is still valid. */
    public Optional<Token> read(String user) {
        Path f = file(user);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.mapper().readTree(f.toFile());
            Token t = new Token(
                    json.path("user").asText(user),
                    json.path("token").asText(""),
                    Timestamps.parse(json.path("expiry").asText()));
            return t.token().isEmpty() || !t.expiry().isAfter(clock.instant().plus(MARGIN))
                    ? Optional.empty()
                    : Optional.of(t);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void write(Token token) {
        var json = Json.object()
                .put("user", token.user())
                .put("token", token.token())
                .put("expiry", Timestamps.format(token.expiry()));
        PrivateFiles.write(file(token.user()), json.toString() + "\n");
    }

    public void delete(String user) {
        try {
            Files.deleteIfExists(file(user));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
