package io.reflex.auth;

import java.util.Objects;

/**
 * The auth service's settings, resolved from the configuration.
 *
 * @param proxyMode {@code auth.mode=proxy}: trust {@code proxyHeader} from {@code trusted} addresses
 * @param publicApiUrl returned as {@code X-API-URL} with every new token
 * @param adminUser the administrator account; with RBAC disabled it is the only service account
 * @param secureCookie mark the {@code auth-token} cookie of a new token Secure even over plain HTTP
 */
record AuthSettings(
        boolean proxyMode,
        String proxyHeader,
        ProxyTrust trusted,
        String publicApiUrl,
        String adminUser,
        boolean secureCookie) {
    AuthSettings {
        Objects.requireNonNull(proxyHeader, "proxyHeader");
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(publicApiUrl, "publicApiUrl");
        Objects.requireNonNull(adminUser, "adminUser");
    }
}
