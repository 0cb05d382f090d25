package io.reflex.cli.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client connects and with which credentials, resolved like st2's client: command-line options
 * first, then the environment ({@code REFLEX_*}, else st2's {@code ST2_*} names), then the configuration
 * file, then the defaults (the services on 127.0.0.1:9101/9100/9102).
 *
 * @param username null when none is configured
 * @param password null when none is configured
 * @param apiKey null unless an API key is the credential
 * @param token null unless a token was given explicitly (option or environment)
 * @param cacheToken whether tokens are cached in {@code ~/.reflex/token-<user>} ({@code [cli] cache_token})
 */
public record ClientSettings(
        URI apiUrl,
        URI authUrl,
        URI streamUrl,
        String username,
        String password,
        String apiKey,
        String token,
        boolean cacheToken) {
    public static final String DEFAULT_API_URL = "http://127.0.0.1:9101";
    public static final String DEFAULT_AUTH_URL = "http://127.0.0.1:9100";
    public static final String DEFAULT_STREAM_URL = "http://127.0.0.1:9102";

    /** Values given on the command line; null where none was. */
    public record Overrides(String apiUrl, String authUrl, String streamUrl, String token, String apiKey) {
        public static Overrides none() {
            return new Overrides(null, null, null, null, null);
        }
    }

    /** The client configuration file: {@code REFLEX_CLI_CONFIG}, else {@code ST2_CONFIG_FILE}, else {@code ~/.reflex/config}. */
    public static Path configFile(Path option, Map<String, String> env, Path home) {
        if (option != null) {
            return option;
        }
        return first(env, "REFLEX_CLI_CONFIG", "ST2_CONFIG_FILE")
                .map(Path::of)
                .orElse(home.resolve(".reflex").resolve("config"));
    }

    /** @throws ClientException (usage) naming the source of a malformed URL */
    public static ClientSettings resolve(Overrides o, Map<String, String> env, ClientConfigFile file) {
        return new ClientSettings(
                url(o.apiUrl(), env, file, "api", DEFAULT_API_URL),
                url(o.authUrl(), env, file, "auth", DEFAULT_AUTH_URL),
                url(o.streamUrl(), env, file, "stream", DEFAULT_STREAM_URL),
                file.get("credentials", "username").orElse(null),
                file.get("credentials", "password").orElse(null),
                Optional.ofNullable(o.apiKey())
                        .or(() -> first(env, "REFLEX_API_KEY", "ST2_API_KEY"))
                        .or(() -> file.get("credentials", "api_key"))
                        .orElse(null),
                Optional.ofNullable(o.token())
                        .or(() -> first(env, "REFLEX_AUTH_TOKEN", "ST2_AUTH_TOKEN"))
                        .orElse(null),
                !file.get("cli", "cache_token").map("false"::equalsIgnoreCase).orElse(false));
    }

    private static URI url(String option, Map<String, String> env, ClientConfigFile file, String service, String def) {
        String upper = service.toUpperCase(java.util.Locale.ROOT);
        String source = "--" + service + "-url";
        String value = option;
        if (value == null) {
            for (String name : new String[] {"REFLEX_" + upper + "_URL", "ST2_" + upper + "_URL"}) {
                if (value == null && env.get(name) != null && !env.get(name).isBlank()) {
                    value = env.get(name);
                    source = name;
                }
            }
        }
        if (value == null && file.get(service, "url").isPresent()) {
            value = file.get(service, "url").get();
            source = file.path() + " [" + service + "] url";
        }
        return parse(value == null ? def : value.strip(), source);
    }

    private static URI parse(String value, String source) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ClientException.usage(source + ": '" + value + "' is not an http(s) URL");
        }
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * The URL of {@code path} (starting with '/') under {@code base}'s version 1 API: {@code /v1} is added
     * unless the base already ends with it, so both {@code http://host:9101} and nginx's {@code
     * https://host/api/v1} work.
     */
    public static URI endpoint(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/v1") ? b : b + "/v1") + path);
    }

    @Override
    public String toString() {
        return "ClientSettings[api=" + apiUrl + ", auth=" + authUrl + ", stream=" + streamUrl + ", username=" + username
                + "]";
    }
}
