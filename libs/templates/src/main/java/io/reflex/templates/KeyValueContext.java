package io.reflex.templates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code st2kv} template variable for one template: {@code st2kv.system.<name>} and
 * {@code st2kv.user.<name>} for every name the template mentions, looked up once. Names may contain dots
 * ({@code st2kv.system.app.db.host} finds the key {@code app.db.host}); the longest existing key wins.
 * User-scoped keys are stored as {@code <user>:<name>}.
 */
public final class KeyValueContext {
    private static final Pattern REFERENCE = Pattern.compile("st2kv\\.(system|user)\\.([A-Za-z0-9_][A-Za-z0-9_.\\-]*)");

    private KeyValueContext() {}

    public static Map<String, Object> build(String template, Datastore datastore, String user) {
        Map<String, Object> system = new HashMap<>();
        Map<String, Object> userScope = new HashMap<>();
        Matcher m = REFERENCE.matcher(template);
        while (m.find()) {
            boolean isSystem = m.group(1).equals("system");
            String scope = isSystem ? "st2kv.system" : "st2kv.user";
            String path = m.group(2).replaceAll("\\.+$", "");
            resolve(datastore, scope, isSystem ? "" : user + ":", path)
                    .ifPresent(found -> put(isSystem ? system : userScope, found.name(), found.value()));
        }
        return Map.of("system", system, "user", userScope);
    }

    private record Found(String name, String value) {}

    private static Optional<Found> resolve(Datastore ds, String scope, String keyPrefix, String path) {
        List<String> parts = List.of(path.split("\\."));
        for (int n = parts.size(); n >= 1; n--) {
            String name = String.join(".", parts.subList(0, n));
            Optional<String> v = ds.get(scope, keyPrefix + name);
            if (v.isPresent()) {
                return Optional.of(new Found(name, v.get()));
            }
        }
        return Optional.empty();
    }

    /** Puts {@code a.b.c} as nested maps so {@code st2kv.system.a.b.c} resolves. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String dotted, String value) {
        List<String> parts = new ArrayList<>(List.of(dotted.split("\\.")));
        Map<String, Object> at = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            Object next = at.get(parts.get(i));
            if (!(next instanceof Map<?, ?>)) {
                next = new HashMap<String, Object>();
                at.put(parts.get(i), next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(parts.get(parts.size() - 1), value);
    }
}
