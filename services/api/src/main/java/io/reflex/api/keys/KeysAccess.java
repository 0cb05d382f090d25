package io.reflex.api.keys;

import io.reflex.rbac.Authorizer;
import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;

/**
 * Who may do what with datastore keys (StackStorm's key-value permission resolver): everyone owns their
 * user-scoped keys; another user's keys are for administrators only; system keys need a grant
 * ({@code key_value_pair_view/set/delete} on {@code key_value_pair:st2kv.system:<name>}, or a system role).
 * Decrypting system secrets and writing pre-encrypted values are for administrators.
 */
public final class KeysAccess {
    /** Grants that reveal a system key in lists; not {@code _list}, which everyone holds for their own keys. */
    private static final String[] SEEING = {"key_value_pair_view", "key_value_pair_set", "key_value_pair_delete"};

    public static final String DECRYPT_DENIED = "Decrypt option requires administrator access";

    private final Authorizer authorizer;

    public KeysAccess(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public boolean isAdmin(Principal p) {
        return authorizer.isAdmin(p.user());
    }

    /**
     * {@code user=} (query or body) naming someone else: administrators only, and never with RBAC off (it
     * would let anyone act as anyone).
     *
     * @throws ApiException 403 with StackStorm's message
     */
    void checkUserParameter(Principal p, String user) {
        if (user.equals(p.user())) {
            return;
        }
        if (!authorizer.enabled()) {
            throw ApiException.forbidden("\"user\" attribute can only be provided by admins when RBAC is enabled");
        }
        if (!isAdmin(p)) {
            throw ApiException.forbidden("\"user\" attribute can only be provided by admins");
        }
    }

    /** @throws ApiException 403 naming the permission and the key's uid */
    public void require(Principal p, String permission, KeysAddress key) {
        if (!allowed(p, permission, key)) {
            throw ApiException.forbidden(denied(p, permission, key));
        }
    }

    /** StackStorm's words for a missing permission on a key. */
    public static String denied(Principal p, String permission, KeysAddress key) {
        return "User \"" + p.user() + "\" doesn't have required permission \"" + permission + "\" on resource \""
                + key.uid() + "\"";
    }

    public boolean allowed(Principal p, String permission, KeysAddress key) {
        if (key.userScope()) {
            return key.user().equals(p.user()) || isAdmin(p);
        }
        return authorizer.allowed(p, permission, key.uid());
    }

    /** Whether {@code p} sees every system key (administrators and observers), so lists need no per-key check. */
    boolean seesAllSystemKeys(Principal p) {
        return authorizer.allowed(p, "key_value_pair_view");
    }

    /** A grant of any kind on this system key lets its holder see it in lists. */
    public boolean sees(Principal p, KeysAddress key) {
        for (String permission : SEEING) {
            if (allowed(p, permission, key)) {
                return true;
            }
        }
        return false;
    }

    /** @throws ApiException 403 when a non-administrator asks for plaintext outside their own user scope */
    public void checkDecrypt(Principal p, boolean userScope) {
        if (!mayDecrypt(p, userScope)) {
            throw ApiException.forbidden(DECRYPT_DENIED);
        }
    }

    /** Whether {@code p} may see the plain text of a secret in that scope (its own user scope, or as admin). */
    public boolean mayDecrypt(Principal p, boolean userScope) {
        return userScope || isAdmin(p);
    }

    /** @throws ApiException 403 when a non-administrator sends a value that is already encrypted */
    void checkPreEncrypted(Principal p) {
        if (!isAdmin(p)) {
            throw ApiException.forbidden("Pre-encrypted option requires administrator access");
        }
    }
}
