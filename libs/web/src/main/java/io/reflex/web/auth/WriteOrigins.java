package io.reflex.web.auth;

import io.reflex.web.ApiException;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins a browser may send a write from when the write is authenticated by the {@code auth-token}
 * cookie: the browser attaches the cookie to requests that any page makes, so such a write is accepted
 * only when its {@code Origin} header (else its {@code Referer}) names one of these origins. Writes
 * authenticated by a header, query parameter or API key are not affected: a foreign page cannot set them.
 */
public final class WriteOrigins {
    private final Set<String> origins;

    /** @param origins URLs or origins (only their scheme, host and port count); unparseable ones are ignored */
    public WriteOrigins(Collection<String> origins) {
        this.origins = origins.stream()
                .map(WriteOrigins::originOf)
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code scheme://host[:port]} of a URL, lower case, default ports left out; empty when it has none. */
    static Optional<String> originOf(String url) {
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme();
            String host = u.getHost();
            if (scheme == null || host == null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** @throws ApiException 403 when the request names no origin, or one not on the list */
    void check(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        String referer = request.getHeader("Referer");
        if (blank(origin) && blank(referer)) {
            throw ApiException.forbidden("Cross-site write refused: a write authenticated by the auth-token cookie "
                    + "must carry an Origin or Referer header (or send the token in X-Auth-Token)");
        }
        String named = blank(origin) ? referer : origin;
        if (originOf(named).filter(origins::contains).isEmpty()) {
            throw ApiException.forbidden("Cross-site write refused: " + (blank(origin) ? "Referer" : "Origin")
                    + " '" + named + "' is not an allowed origin (api.allow_origin) for a write authenticated by "
                    + "the auth-token cookie");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
