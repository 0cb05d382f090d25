package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A question asked by an {@code inquirer} execution; its id is that execution's id. {@code ttl} is in
 * minutes. {@code response} is null until answered.
 */
public record Inquiry(
        String id,
        ObjectNode schema,
        List<String> roles,
        List<String> users,
        String route,
        int ttl,
        Instant createdAt,
        ObjectNode response,
        String respondedBy)
        implements Entity {
    public Inquiry {
        Objects.requireNonNull(id, "id");
        schema = Defaults.object(schema);
        roles = Defaults.list(roles);
        users = Defaults.list(users);
        route = Defaults.text(route);
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "created_at"));
        respondedBy = Defaults.text(respondedBy);
    }
}
