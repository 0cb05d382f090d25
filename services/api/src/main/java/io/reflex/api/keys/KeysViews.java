package io.reflex.api.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.KeyValuePair;
import java.util.Set;

/**
 * StackStorm's {@code KeyValuePairAPI} output. A secret's value is its stored ciphertext with
 * {@code "encrypted": true}, as StackStorm shows it, unless it was decrypted for an authorised caller (then
 * the plaintext and {@code "encrypted": false}). The ciphertext is what makes {@code st2 key list -j} a
 * backup that {@code st2 key load} restores ({@code PUT} with {@code encrypted: true} stores it as is); it
 * reveals nothing without the installation's key. User-scoped keys are shown split into {@code user} and
 * {@code name}.
 */
final class KeysViews {
    private KeysViews() {}

    /** Attributes a key's view shows only when they apply. */
    static final Set<String> OPTIONAL = Set.of("expire_timestamp", "user");

    static ObjectNode view(KeyValuePair kvp) {
        return view(kvp, null);
    }

    /** @param plaintext the decrypted value of a secret, or null to show it encrypted */
    static ObjectNode view(KeyValuePair kvp, String plaintext) {
        ObjectNode o = Json.object();
        o.put("id", kvp.id());
        o.put("uid", kvp.uid());
        o.put("name", kvp.name());
        boolean decrypted = kvp.secret() && plaintext != null;
        o.put("value", decrypted ? plaintext : kvp.value());
        o.put("secret", kvp.secret());
        o.put("encrypted", kvp.secret() && !decrypted);
        o.put("scope", kvp.scope());
        if (kvp.expireTimestamp() != null) {
            o.put("expire_timestamp", Timestamps.format(kvp.expireTimestamp()));
        }
        if (kvp.scope().equals(KeyValuePair.USER)) {
            int cut = kvp.name().indexOf(':');
            o.put("user", cut < 0 ? kvp.name() : kvp.name().substring(0, cut));
            o.put("name", cut < 0 ? "" : kvp.name().substring(cut + 1));
        }
        return o;
    }
}
