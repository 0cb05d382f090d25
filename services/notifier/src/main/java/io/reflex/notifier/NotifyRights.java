package io.reflex.notifier;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.templates.KeyRights;
import io.reflex.templates.TemplateException;
import java.util.Set;

/**
 * With whose datastore rights an execution's notify templates render. The action's own notify section is
 * the action author's (trusted). A section the requester supplied is theirs: with RBAC on, only an
 * administrator's may read the datastore (the notifier does not evaluate per-key grants, so it refuses rather
 * than guess); with RBAC off everyone may do everything, as in the keys API.
 */
final class NotifyRights {
    private static final Set<String> ADMIN_ROLES = Set.of("system_admin", "admin");

    private NotifyRights() {}

    static KeyRights of(Execution e) {
        if (e.notifySpec().equals(e.action().notifySpec())) {
            return KeyRights.TRUSTED;
        }
        ExecutionContext.Rbac rbac = e.context().rbac();
        if (rbac == null || rbac.roles().stream().anyMatch(ADMIN_ROLES::contains)) {
            return KeyRights.TRUSTED;
        }
        String user = e.context().user();
        return refused(user == null ? "" : user);
    }

    private static KeyRights refused(String user) {
        return new KeyRights() {
            @Override
            public void checkRead(String scope, String name) {
                throw new TemplateException("User \"" + user + "\" may not read \"key_value_pair:" + scope + ":" + name
                        + "\" in a notify template they supplied (administrators only)");
            }

            @Override
            public void checkDecrypt(String scope, String name) {
                checkRead(scope, name);
            }
        };
    }
}
