package io.reflex.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.TriggerCatalogue;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Names;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import io.reflex.web.BodyTypes;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.reflex.web.auth.CredentialHeaders;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /webhooks}: the URLs registered by rules on {@code core.st2.webhook} triggers (a trigger's
 * {@code url} parameter with leading and trailing slashes stripped), and firing them. {@code POST
 * /webhooks/{hook}} answers 202 echoing the body and dispatches, for each trigger registered under
 * {@code hook}, the payload {@code {headers, headers_lower, body}}; the special hook {@code st2} takes
 * {@code {trigger, payload}} and fires any trigger. No credential header ({@code CredentialHeaders} plus
 * {@code api.webhook_strip_headers}) is ever in a dispatched webhook payload: not from the request, and
 * not from a {@code core.st2.webhook} payload given to {@code st2}. Webhooks are looked up in the store on
 * every request, so every API node knows every webhook as soon as its rule is registered. Permissions:
 * {@code webhook_list}, {@code webhook_view} and {@code webhook_send} on {@code webhook:<hook>}.
 *
 * <p>The body is read by content type: JSON ({@code application/json} or a {@code +json} type; an empty body
 * means {@code {}}), {@code application/x-www-form-urlencoded} and {@code multipart/form-data} (a mapping of
 * field → list of values, like Python's {@code parse_qs}); any other type was refused with 415 before
 * ({@link BodyTypes}). The body must be an object or an array. Headers are named as WebOb names them (title
 * case, {@code X-Github-Event}), repeated values joined by {@code ", "}; {@code St2-Trace-Tag} is taken out
 * as the trace tag.
 *
 * <p>Firing publishes a {@link TriggerDispatch} with a fresh trigger instance id (or one derived from the
 * request's {@code Idempotency-Key}: {@link InstanceIds}) on {@link Channels#TRIGGER_INSTANCES}, where the rules
 * engine persists it as a trigger instance; the payload is first checked against the trigger type's
 * {@code payload_schema}, as StackStorm's {@code dispatch_with_context(throw_on_validation_error=True)} does. A publish the broker did not confirm
 * fails the request (503) so that the sender retries; nothing is stored by the API either way.
 */
final class WebhooksController implements Controller {
    static final String WEBHOOK_TYPE = "core.st2.webhook";

    private static final Logger log = LoggerFactory.getLogger(WebhooksController.class);
    private static final int MAX_PAYLOAD_IN_MESSAGE = 1000;

    private final ApiContext api;
    private final TriggerCatalogue catalogue;

    WebhooksController(ApiContext api) {
        this.api = api;
        this.catalogue = new TriggerCatalogue(api.store());
    }

    @Override
    public void mount(Router v1) {
        v1.get("/webhooks").handler(Endpoints.of(this::list));
        // Hooks may contain slashes, hence regex routes; the name is what the OpenAPI document matches.
        v1.getWithRegex("/webhooks/(?<url>.+)").setName("/webhooks/.+").handler(Endpoints.of(this::get));
        v1.postWithRegex("/webhooks/(?<hook>.+)")
                .setName("/webhooks/.+")
                .handler(Endpoints.of(BodyTypes.JSON_OR_FORM, this::post));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "webhook_list");
        return webhookTriggers().stream().map(t -> (JsonNode) Json.tree(t)).toList();
    }

    private Object get(Call call) {
        String url = normalise(call.path("url"));
        List<Trigger> triggers = triggersFor(catalogue.current(), url);
        if (triggers.isEmpty()) {
            throw ApiException.notFound("Webhook " + url + " not registered with st2");
        }
        api.authorizer().require(call.principal(), "webhook_view", "webhook:" + url);
        return Json.tree(triggers.get(0));
    }

    private Object post(Call call) {
        String hook = call.path("hook");
        api.authorizer().require(call.principal(), "webhook_send", "webhook:" + normalise(hook));
        JsonNode body = body(call);
        var requestHeaders = call.context().request().headers();
        InstanceIds ids = InstanceIds.of(call, normalise(hook));
        String traceTag = call.header(TRACE_TAG).orElse("webhook-" + hook + "-" + ids.tagSuffix());
        TriggerCatalogue.Snapshot content = catalogue.current(); // one stamp read for the whole request
        if (hook.equals("st2") || hook.equals("st2/")) {
            fireAny(content, body, traceTag, ids);
        } else {
            List<Trigger> triggers = triggersFor(content, normalise(hook));
            if (triggers.isEmpty()) {
                throw ApiException.notFound("Webhook " + hook + " not registered with st2");
            }
            ObjectNode headers = headers(requestHeaders, api.settings().credentialHeaders());
            ObjectNode payload = Json.object();
            payload.set("headers", headers);
            payload.set("headers_lower", lower(headers));
            payload.set("body", body);
            for (Trigger t : triggers) {
                dispatch(content, ids.forTrigger(t.ref()), t.ref(), payload, traceTag);
            }
        }
        return Reply.accepted(body);
    }

    /**
     * The ids of the trigger instances one request dispatches: fresh ones, or, when the sender gave an {@code
     * Idempotency-Key}, ids derived from the key, the sending user, the hook and the trigger. A sender that sends
     * a request again because it could not tell whether the first was accepted (a 503 after the broker took the
     * message but could not confirm it, a connection lost before the answer) then dispatches the same trigger
     * instances again, which the rules engine stores and acts on once. Keys are the sender's to keep unique, as
     * in any API that takes them; they are scoped to the user and the hook, so one sender's key never drops
     * another's webhook.
     */
    record InstanceIds(String seed) {
        static final String HEADER = "Idempotency-Key";
        static final int MAX_KEY_LENGTH = 255;

        /** @throws ApiException 400 when the header is there but empty, too long or holds control characters */
        static InstanceIds of(Call call, String hook) {
            Optional<String> key = call.header(HEADER);
            if (key.isEmpty()) {
                return new InstanceIds(null);
            }
            String k = key.get().strip();
            if (k.isEmpty()
                    || k.length() > MAX_KEY_LENGTH
                    || Names.controlCharacter(HEADER, k).isPresent()) {
                throw ApiException.badRequest("Header '" + HEADER + "' must be 1 to " + MAX_KEY_LENGTH
                        + " characters without control characters");
            }
            return of(k, call.principal().user(), hook);
        }

        /** The ids of a request with key {@code key} from {@code user} to {@code hook}. */
        static InstanceIds of(String key, String user, String hook) {
            return new InstanceIds(Ids.derived("webhook", user, hook, key));
        }

        /** The end of the trace tag given when the request names none: a request sent again joins the first's. */
        String tagSuffix() {
            return seed != null ? seed : UUID.randomUUID().toString().replace("-", "");
        }

        /** The id of the trigger instance this request dispatches for {@code trigger}. */
        String forTrigger(String trigger) {
            return seed == null ? Ids.newId() : Ids.derived(seed, trigger);
        }
    }

    /** {@code /webhooks/st2}: {@code {"trigger": "<ref>", "payload": {...}}}. */
    private void fireAny(TriggerCatalogue.Snapshot content, JsonNode body, String traceTag, InstanceIds ids) {
        if (!(body instanceof ObjectNode o)) {
            throw ApiException.badRequest("Webhook body needs to be an object, got: array");
        }
        JsonNode trigger = o.get("trigger");
        if (trigger == null || trigger.isNull() || trigger.asText().isEmpty()) {
            throw ApiException.badRequest("Trigger not specified.");
        }
        if (!trigger.isTextual()) {
            throw ApiException.badRequest("'trigger' must be a string (a trigger or trigger type ref)");
        }
        JsonNode payload = o.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw ApiException.badRequest("'payload' must be an object");
        }
        String tag = o.path("trace_tag").isTextual() ? o.get("trace_tag").asText() : traceTag;
        ObjectNode given = Json.objectOrEmpty(payload);
        boolean webhook = content.typeOf(trigger.asText())
                .filter(t -> t.ref().equals(WEBHOOK_TYPE))
                .isPresent();
        dispatch(
                content,
                ids.forTrigger(trigger.asText()),
                trigger.asText(),
                webhook ? withoutCredentials(given, api.settings().credentialHeaders()) : given,
                tag);
    }

    private List<Trigger> webhookTriggers() {
        return api.store()
                .store(Kinds.TRIGGER)
                .find(Query.of(Filter.eq("type", WEBHOOK_TYPE)).sorted(Sort.by("name")));
    }

    private static List<Trigger> triggersFor(TriggerCatalogue.Snapshot content, String hook) {
        return content.ofType(WEBHOOK_TYPE).stream()
                .filter(t -> normalise(t.parameters().path("url").asText("")).equals(hook))
                .toList();
    }

    /** StackStorm's {@code _get_normalized_url}: the url without leading and trailing slashes. */
    static String normalise(String url) {
        return url.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    /**
     * Dispatches {@code trigger} as it is, unchecked and without a content stamp (the rules engine reads it).
     *
     * @param trigger a trigger type ref or a trigger ref
     * @param traceTag the trace tag carried with the dispatch, or blank
     * @return the message published
     */
    TriggerDispatch dispatch(String trigger, ObjectNode payload, String traceTag) {
        return publish(new TriggerDispatch(Ids.newId(), trigger, payload, Timestamps.now(api.clock()), traceTag));
    }

    /**
     * Checks the payload against the trigger type in {@code content}, then dispatches it carrying the stamp
     * {@code content} was read under.
     *
     * @throws ApiException 400 when the payload does not fit (or the type is unknown)
     */
    private void dispatch(
            TriggerCatalogue.Snapshot content, String instanceId, String trigger, ObjectNode payload, String traceTag) {
        validate(content, trigger, payload);
        publish(new TriggerDispatch(
                instanceId, trigger, payload, Timestamps.now(api.clock()), traceTag, content.stamp()));
    }

    private TriggerDispatch publish(TriggerDispatch d) {
        api.bus().publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
        log.info(
                "trigger dispatched trigger={} trigger_instance={} trace_tag={}",
                d.trigger(),
                d.triggerInstanceId(),
                d.traceTag());
        return d;
    }

    private static void validate(TriggerCatalogue.Snapshot content, String trigger, ObjectNode payload) {
        Optional<TriggerType> type = content.typeOf(trigger);
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

    private static final String TRACE_TAG = "St2-Trace-Tag";

    /** @throws ApiException 400 for malformed bodies, 415 for unsupported types */
    private static JsonNode body(Call call) {
        String type = call.header("Content-Type").map(BodyTypes::mediaType).orElse("application/json");
        JsonNode body;
        if (BodyTypes.isJson(type) || (type.isEmpty() && call.bodyText().isEmpty())) {
            body = json(call.bodyText());
        } else if (BodyTypes.isForm(type)) {
            body = form(call.context().request().formAttributes());
        } else {
            throw new ApiException(415, "Unsupported Content-Type: \"" + type + "\"");
        }
        if (!body.isObject() && !body.isArray()) {
            throw ApiException.badRequest(ParameterValidation.PyRepr.of(body) + " is not of type 'object', 'array'");
        }
        return body;
    }

    private static JsonNode json(String text) {
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Failed to parse request body: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode form(MultiMap attributes) {
        ObjectNode out = Json.object();
        for (String name : attributes.names()) {
            ArrayNode values = out.putArray(name);
            attributes.getAll(name).forEach(values::add);
        }
        return out;
    }

    /** The request headers for the payload, sorted by name, without credentials and the trace tag. */
    private static ObjectNode headers(MultiMap headers, CredentialHeaders credentials) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String name : headers.names()) {
            String key = titleCase(name);
            // the payload's name too: x_auth_token is shown as X-Auth-Token
            if (!credentials.isCredential(name) && !credentials.isCredential(key) && !key.equals(TRACE_TAG)) {
                sorted.put(key, String.join(", ", headers.getAll(name)));
            }
        }
        ObjectNode out = Json.object();
        sorted.forEach(out::put);
        return out;
    }

    /**
     * A webhook payload given by a caller ({@code /webhooks/st2} firing a {@code core.st2.webhook} trigger)
     * without its credential headers, so that no webhook trigger instance ever holds one.
     */
    private static ObjectNode withoutCredentials(ObjectNode payload, CredentialHeaders credentials) {
        ObjectNode out = payload.deepCopy();
        for (String field : new String[] {"headers", "headers_lower"}) {
            if (out.get(field) instanceof ObjectNode headers) {
                headers.properties().removeIf(e -> credentials.isCredential(e.getKey()));
            }
        }
        return out;
    }

    /** The same headers with lower-cased names ({@code headers_lower}). */
    private static ObjectNode lower(ObjectNode headers) {
        ObjectNode out = Json.object();
        headers.properties().forEach(e -> out.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return out;
    }

    /** Python's {@code str.title()}: a letter after a non-letter is upper case, every other letter lower. */
    private static String titleCase(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean afterLetter = false;
        for (char c : name.toCharArray()) {
            sb.append(afterLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            afterLetter = Character.isLetter(c);
        }
        return sb.toString().replace('_', '-');
    }
}
