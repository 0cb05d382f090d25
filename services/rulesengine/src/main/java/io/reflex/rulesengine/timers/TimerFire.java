package io.reflex.rulesengine.timers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Ids;
import java.time.Instant;

/**
 * What one schedule point of a timer dispatches, StackStorm's {@code St2Timer._emit_trigger_instance}: payload
 * {@code {executed_at: str(utc datetime), schedule: <the trigger's parameters>}} (StackStorm sends a null
 * schedule by mistake; Reflex sends the real one), trace tag {@code <type name>-<trigger name>}. Everything,
 * the trigger instance id and the occurrence time included, derives from (trigger, point), so two leaders
 * firing the same point dispatch the same event and the rules engine stores it once.
 */
final class TimerFire {
    private TimerFire() {}

    /** The trigger instance id of {@code trigger}'s point {@code point}. */
    static String instanceId(String triggerRef, Instant point) {
        return Ids.derived("timer", triggerRef, point.toString());
    }

    static TriggerDispatch dispatch(Trigger trigger, Instant point) {
        ObjectNode payload = Json.object();
        payload.put("executed_at", Schedules.pythonStr(point));
        payload.set("schedule", trigger.parameters().deepCopy());
        return new TriggerDispatch(
                instanceId(trigger.ref(), point),
                trigger.ref(),
                payload,
                point,
                TimerTypes.name(trigger.type()) + "-" + trigger.name());
    }
}
