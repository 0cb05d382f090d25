package io.reflex.api.executions;

import io.reflex.api.keys.KeysAccess;
import io.reflex.api.keys.KeysAddress;
import io.reflex.core.model.KeyValuePair;
import io.reflex.templates.KeyRights;
import io.reflex.templates.TemplateException;
import io.reflex.web.auth.Principal;

/**
 * The datastore rights of an API caller for the templates they send: the same rules as the keys API
 * ({@link KeysAccess}), so a template reads a key only if {@code GET /keys/<name>} would show it to the
 * caller, and {@code decrypt_kv} reveals it only if {@code ?decrypt=true} would.
 */
final class CallerKeyRights implements KeyRights {
    private final KeysAccess access;
    private final Principal caller;

    CallerKeyRights(KeysAccess access, Principal caller) {
        this.access = access;
        this.caller = caller;
    }

    @Override
    public void checkRead(String scope, String name) {
        KeysAddress key = address(scope, name);
        if (!access.allowed(caller, "key_value_pair_view", key)) {
            throw new TemplateException(KeysAccess.denied(caller, "key_value_pair_view", key));
        }
    }

    @Override
    public void checkDecrypt(String scope, String name) {
        KeysAddress key = address(scope, name);
        if (!access.mayDecrypt(caller, key.userScope())) {
            throw new TemplateException("User \"" + caller.user() + "\" may not decrypt \"" + key.uid() + "\": "
                    + KeysAccess.DECRYPT_DENIED);
        }
    }

    /** A key as templates name it: user-scoped keys are stored as {@code <user>:<name>}. */
    private static KeysAddress address(String scope, String name) {
        if (scope.equals(KeyValuePair.USER)) {
            int colon = name.indexOf(':');
            return new KeysAddress(scope, name.substring(0, Math.max(colon, 0)), name.substring(colon + 1));
        }
        return new KeysAddress(scope, "", name);
    }
}
