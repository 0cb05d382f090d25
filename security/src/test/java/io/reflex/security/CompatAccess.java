package io.reflex.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.StateStore;
import io.reflex.testing.JsonHttp;

/** The shared {@link SecurityStack} as the compatibility suite (another package) uses it. */
public final class CompatAccess {
    private final SecurityStack stack = SecurityStack.get();

    /** An HTTP exchange's status and JSON body. */
    public record Reply(int status, JsonNode json, String body) {}

    public String adminToken() {
        return stack.admin();
    }

    public Reply post(String path, String token, String body) {
        JsonHttp.Response r = stack.post(path, token, body);
        return new Reply(r.status(), r.json(), r.body());
    }

    /** Registers packs found in the stack's packs directory; the status of the request. */
    public int register(String... packs) {
        return stack.register(packs).status();
    }

    public Execution awaitCompleted(String id) {
        return stack.awaitCompleted(id);
    }

    public StateStore store() {
        return stack.store;
    }
}
