package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
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
        if (e.notifySpec().equals(e.action().path("notify"))) {
            return KeyRights.TRUSTED;
        }
        JsonNode rbac = e.context().get("rbac");
        if (rbac == null) {
            return KeyRights.TRUSTED;
        }
        for (JsonNode role : rbac.path("roles")) {
            if (ADMIN_ROLES.contains(role.asText())) {
                return KeyRights.TRUSTED;
            }
        }
        return refused(e.context().path("user").asText(""));
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
