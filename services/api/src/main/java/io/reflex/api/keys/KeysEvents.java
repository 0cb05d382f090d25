package io.reflex.api.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.store.Ids;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datastore's internal triggers, as StackStorm fires them after a write: {@code create} or {@code update}
 * with {@code {object}}, then {@code value_change} with {@code {old_object, new_object}} when the stored value
 * differs (for secrets that is the ciphertext, so re-setting a secret always counts as a change, as in st2),
 * and {@code delete}. Payloads carry the masked view. The write has happened when these are sent, so a bus
 * failure is logged rather than failing the request (a retry would only write the same value again).
 */
final class KeysEvents {
    private static final Logger log = LoggerFactory.getLogger(KeysEvents.class);
    static final String CREATE = "core.st2.key_value_pair.create";
    static final String UPDATE = "core.st2.key_value_pair.update";
    static final String VALUE_CHANGE = "core.st2.key_value_pair.value_change";
    static final String DELETE = "core.st2.key_value_pair.delete";

    private final EventBus bus;
    private final Clock clock;

    KeysEvents(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /** @param before the record that was replaced, or null when {@code after} is new */
    void written(KeyValuePair before, KeyValuePair after) {
        if (before == null) {
            dispatch(CREATE, object(after));
            return;
        }
        dispatch(UPDATE, object(after));
        if (!before.value().equals(after.value())) {
            ObjectNode payload = Json.object();
            payload.set("old_object", KeysViews.view(before));
            payload.set("new_object", KeysViews.view(after));
            dispatch(VALUE_CHANGE, payload);
        }
    }

    void deleted(KeyValuePair removed) {
        dispatch(DELETE, object(removed));
    }

    private static ObjectNode object(KeyValuePair kvp) {
        ObjectNode payload = Json.object();
        payload.set("object", KeysViews.view(kvp));
        return payload;
    }

    private void dispatch(String trigger, ObjectNode payload) {
        String id = Ids.newId();
        try {
            bus.publish(
                    Channels.TRIGGER_INSTANCES,
                    id,
                    new TriggerDispatch(id, trigger, payload, Timestamps.now(clock), ""));
        } catch (BusException e) {
            log.warn("kvp trigger not dispatched trigger={} trigger_instance={} error={}", trigger, id, e.toString());
        }
    }
}
