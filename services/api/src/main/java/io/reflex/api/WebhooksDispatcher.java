package io.reflex.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.TriggerCatalogue;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.TriggerDispatch;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires triggers from the API: publishes a {@link TriggerDispatch} with a fresh trigger instance id on
 * {@link Channels#TRIGGER_INSTANCES}, where the rules engine persists it as a trigger instance. Before that
 * the payload can be checked against the trigger type's {@code payload_schema}, as StackStorm's
 * {@code dispatch_with_context(throw_on_validation_error=True)} does. A publish the broker did not confirm
 * fails the request (503) so that the sender retries; nothing is stored by the API either way.
 */
final class WebhooksDispatcher {
    private static final Logger log = LoggerFactory.getLogger(WebhooksDispatcher.class);
    private static final int MAX_PAYLOAD_IN_MESSAGE = 1000;

    private final ApiContext api;
    private final TriggerCatalogue catalogue;

    WebhooksDispatcher(ApiContext api) {
        this.api = api;
        this.catalogue = new TriggerCatalogue(api.store());
    }

    /** The triggers of trigger type {@code typeRef}, by name, from the catalogue. */
    List<Trigger> triggersOfType(String typeRef) {
        return catalogue.ofType(typeRef);
    }

    /**
     * @param trigger a trigger type ref or a trigger ref
     * @param traceTag the trace tag carried with the dispatch, or blank
     * @return the message published
     * @throws ApiException 400 when {@code validate} and the payload does not fit (or the type is unknown)
     */
    TriggerDispatch dispatch(String trigger, ObjectNode payload, String traceTag, boolean validate) {
        if (validate) {
            validate(trigger, payload);
        }
        TriggerDispatch d = new TriggerDispatch(Ids.newId(), trigger, payload, Timestamps.now(api.clock()), traceTag);
        api.bus().publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
        log.info(
                "trigger dispatched trigger={} trigger_instance={} trace_tag={}",
                trigger,
                d.triggerInstanceId(),
                d.traceTag());
        return d;
    }

    /** The trigger type of a trigger type ref or of a trigger ref. */
    Optional<TriggerType> typeOf(String ref) {
        return catalogue.typeOf(ref);
    }

    private void validate(String trigger, ObjectNode payload) {
        Optional<TriggerType> type = typeOf(trigger);
        Optional<String> problem = type.isEmpty()
                ? Optional.of("Trigger type with reference \"" + trigger + "\" doesn't exist in the database")
                : type.get().payloadSchema().isEmpty()
                        ? Optional.empty()
                        : ParameterValidation.problem(type.get().payloadSchema(), payload, "payload field");
        problem.ifPresent(p -> {
            String shown = ParameterValidation.PyRepr.of(payload);
            if (shown.length() > MAX_PAYLOAD_IN_MESSAGE) {
                shown = shown.substring(0, MAX_PAYLOAD_IN_MESSAGE) + "...";
            }
            throw ApiException.badRequest("Trigger payload validation failed and validation is enabled, not "
                    + "dispatching a trigger \"" + trigger + "\" (" + shown + "): " + p);
        });
    }
}
