package io.reflex.templates;

/**
 * The datastore rights of whoever wrote a template: what its {@code st2kv} lookups may read and what
 * {@code decrypt_kv} may reveal. Templates written by a trusted author (a rule, an action's defaults, a
 * workflow) render with {@link #TRUSTED}; templates a caller sent (API parameters) render with that caller's
 * rights.
 */
public interface KeyRights {
    /**
     * @param scope {@code st2kv.system} or {@code st2kv.user}
     * @param name the key as stored ({@code <user>:<name>} in user scope)
     * @throws TemplateException saying who lacks which permission on which key
     */
    void checkRead(String scope, String name);

    /**
     * Called before {@code decrypt_kv} reveals the plain text of a key that {@link #checkRead} allowed.
     *
     * @throws TemplateException saying who may not decrypt which key
     */
    void checkDecrypt(String scope, String name);

    /** The rights of a trusted author: every key may be read and decrypted. */
    KeyRights TRUSTED = new KeyRights() {
        @Override
        public void checkRead(String scope, String name) {}

        @Override
        public void checkDecrypt(String scope, String name) {}
    };
}
