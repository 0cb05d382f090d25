package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * {@code decrypt_kv}: the plain text of a secret the same template read from the datastore
 * ({@code st2kv.system.<name> | decrypt_kv}), if the template's author may decrypt that key. Any other
 * value, such as a ciphertext copied into a payload or a parameter, is refused: a template cannot be used
 * to decrypt what its author found elsewhere.
 */
final class DecryptKvFilter implements Filter {
    private final Datastore datastore;

    DecryptKvFilter(Datastore datastore) {
        this.datastore = datastore;
    }

    @Override
    public String getName() {
        return "decrypt_kv";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        KeyValueContext.Lookup lookup = KeyValueContext.lookupOf(
                        interpreter.getContext().get("st2kv"), var)
                .orElseThrow(() -> new TemplateException("decrypt_kv only decrypts a value read from the datastore"
                        + " in the same template (st2kv.system.<name> or st2kv.user.<name>)"));
        lookup.rights().checkDecrypt(lookup.scope(), lookup.name());
        return datastore.decrypt((String) var);
    }
}
