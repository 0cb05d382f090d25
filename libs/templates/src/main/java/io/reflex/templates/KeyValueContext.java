package io.reflex.templates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 *
 * <p>Every key found is checked against the template author's {@link KeyRights} before it is put in. The
 * variable also remembers exactly which value objects it handed out, so that {@code decrypt_kv} decrypts
 * only a value this lookup read (never a ciphertext that reached the template some other way), and only
 * when the same rights allow it.
 */
public final class KeyValueContext {
    private static final Pattern REFERENCE = Pattern.compile("st2kv\\.(system|user)\\.([A-Za-z0-9_][A-Za-z0-9_.\\-]*)");

    private KeyValueContext() {}

    /** A value read for a template: where it came from, and with whose rights. */
    record Lookup(String scope, String name, KeyRights rights) {}

    /** One scope of the variable ({@code st2kv.system} or {@code st2kv.user}), knowing the values it read. */
    static final class Scope extends HashMap<String, Object> {
        private final transient Map<Object, Lookup> read;

        private Scope(Map<Object, Lookup> read) {
            this.read = read;
        }
    }

    /** The lookup of a trusted author: every key readable, {@code st2kv.user} is {@code user}'s scope. */
    public static Map<String, Object> build(String template, Datastore datastore, String user) {
        return build(template, datastore, user, KeyRights.TRUSTED);
    }

    /**
     * @param user whose {@code st2kv.user} scope the template sees
     * @param rights the rights of the template's author
     * @throws TemplateException when the author may not read a key the template names
     */
    public static Map<String, Object> build(String template, Datastore datastore, String user, KeyRights rights) {
        Map<Object, Lookup> read = new IdentityHashMap<>();
        Scope system = new Scope(read);
        Scope userScope = new Scope(read);
        Matcher m = REFERENCE.matcher(template);
        while (m.find()) {
            boolean isSystem = m.group(1).equals("system");
            String scope = isSystem ? "st2kv.system" : "st2kv.user";
            String keyPrefix = isSystem ? "" : user + ":";
            String path = m.group(2).replaceAll("\\.+$", "");
            Optional<Found> found = resolve(datastore, scope, keyPrefix, path);
            if (found.isPresent()) {
                String stored = keyPrefix + found.get().name();
                rights.checkRead(scope, stored);
                String value = fresh(found.get().value());
                read.put(value, new Lookup(scope, stored, rights));
                put(isSystem ? system : userScope, found.get().name(), value);
            }
        }
        return Map.of("system", system, "user", userScope);
    }

    /**
     * Where {@code value} came from, if it is one of the very objects the {@code st2kv} variable of a
     * template context handed out.
     */
    static Optional<Lookup> lookupOf(Object st2kv, Object value) {
        if (!(st2kv instanceof Map<?, ?> scopes) || value == null) {
            return Optional.empty();
        }
        for (Object scope : scopes.values()) {
            if (scope instanceof Scope s && s.read.containsKey(value)) {
                return Optional.of(s.read.get(value));
            }
        }
        return Optional.empty();
    }

    /** A copy with its own identity, so no equal string from elsewhere can pass for it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static String fresh(String value) {
        return new String(value);
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
