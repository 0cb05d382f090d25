package io.reflex.web.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The request headers that carry credentials, matched case-insensitively: the one list of them. A header
 * named here is never kept in anything Reflex stores or publishes (webhook payloads in particular).
 * {@link #ALWAYS} are always on the list; an operator can add names (e.g. a gateway's own credential
 * header) but not remove these.
 *
 * @param names lower-case header names, {@link #ALWAYS} included
 */
public record CredentialHeaders(Set<String> names) {
    /** The token header of StackStorm clients. */
    public static final String AUTH_TOKEN = "X-Auth-Token";
    /** The API key header of StackStorm clients. */
    public static final String API_KEY = "St2-Api-Key";
    /** Credential headers of HTTP itself and of StackStorm clients. */
    public static final List<String> ALWAYS =
            List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", AUTH_TOKEN, API_KEY);
    /** Just {@link #ALWAYS}. */
    public static final CredentialHeaders DEFAULT = withExtra("");

    public CredentialHeaders {
        names = Stream.concat(ALWAYS.stream(), names.stream())
                .map(n -> n.trim().toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@link #ALWAYS} plus the comma-separated {@code extra} names (blank entries ignored). */
    public static CredentialHeaders withExtra(String extra) {
        return new CredentialHeaders(Set.copyOf(Arrays.asList(extra.split(","))));
    }

    /** Whether {@code header} (any case) carries credentials. */
    public boolean isCredential(String header) {
        return names.contains(header.trim().toLowerCase(Locale.ROOT));
    }
}
