package io.reflex.api.keys;

import io.reflex.core.model.KeyValuePair;
import io.reflex.web.ApiException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one datastore key lives, StackStorm's way: a full scope ({@code st2kv.system} or {@code st2kv.user}),
 * the owning user (user scope only) and the name the client sees. User-scoped keys are stored under
 * {@code <user>:<name>} ({@link #keyRef()}), which is also what their uid and lock name use.
 */
public record KeysAddress(String scope, String user, String name) {
    static final String ALL = "all";
    static final String ALLOWED_SCOPES = "['system', 'user', 'st2kv.system', 'st2kv.user']";

    public KeysAddress {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
    }

    public boolean userScope() {
        return scope.equals(KeyValuePair.USER);
    }

    /** The stored name: {@code name} in system scope, {@code <user>:<name>} in user scope. */
    String keyRef() {
        return userScope() ? user + ":" + name : name;
    }

    /** StackStorm's resource uid, what RBAC grants name. */
    public String uid() {
        return "key_value_pair:" + scope + ":" + keyRef();
    }

    /** The coordinator lock StackStorm takes around writes of this key. */
    String lockName() {
        return "kvp-crud-" + scope + "." + keyRef();
    }

    /** {@code system}/{@code st2kv.system} and {@code user}/{@code st2kv.user} in full form; empty otherwise. */
    static Optional<String> fullScope(String scope) {
        return switch (scope) {
            case "system", KeyValuePair.SYSTEM -> Optional.of(KeyValuePair.SYSTEM);
            case "user", KeyValuePair.USER -> Optional.of(KeyValuePair.USER);
            default -> Optional.empty();
        };
    }

    /**
     * The scope of a single-key request (get, set, delete): system when absent or {@code all}.
     *
     * @throws ApiException 400 with StackStorm's message for an unknown scope
     */
    static String singleKeyScope(String given) {
        if (given == null || given.isEmpty() || given.equals(ALL)) {
            return KeyValuePair.SYSTEM;
        }
        return fullScope(given)
                .orElseThrow(() -> ApiException.badRequest(
                        "Scope " + given + " is not in allowed scopes list: " + ALLOWED_SCOPES + "."));
    }
}
