package io.reflex.api;

import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.model.Pack;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.util.List;

/**
 * The {@code content} entry of the API's {@code /healthz}: how many registered packs have content errors,
 * and which (name and count). It is always up: broken content is the operator's to fix, not a dependency
 * outage, so it never turns the answer into a 503. The errors themselves are served to authenticated
 * callers only, by {@code GET /api/v1/packs/{name}}.
 */
final class ContentHealth {
    private ContentHealth() {}

    static HealthCheck of(StateStore store) {
        return HealthCheck.of("content", () -> status(store));
    }

    static HealthStatus status(StateStore store) {
        List<Pack> packs;
        try {
            packs = store.store(Kinds.PACK).find(Query.all());
        } catch (RuntimeException e) {
            return HealthStatus.up("unknown: the store cannot be read");
        }
        List<String> broken = packs.stream()
                .filter(p -> !p.errors().isEmpty())
                .map(p -> p.ref() + " (" + p.errors().size() + ")")
                .sorted()
                .toList();
        if (broken.isEmpty()) {
            return HealthStatus.up(packs.size() + " packs registered, none with content errors");
        }
        return HealthStatus.up(broken.size() + " of " + packs.size() + " packs have content errors: "
                + String.join(", ", broken) + "; GET /api/v1/packs/{name} lists them");
    }
}
