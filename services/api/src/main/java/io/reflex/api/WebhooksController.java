package io.reflex.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Trigger;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.web.ApiException;
import io.reflex.web.BodyTypes;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.UUID;

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
 */
final class WebhooksController implements Controller {
    static final String WEBHOOK_TYPE = "core.st2.webhook";

    private final ApiContext api;
    private final WebhooksDispatcher dispatcher;

    WebhooksController(ApiContext api, WebhooksDispatcher dispatcher) {
        this.api = api;
        this.dispatcher = dispatcher;
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
        List<Trigger> triggers = triggersFor(url);
        if (triggers.isEmpty()) {
            throw ApiException.notFound("Webhook " + url + " not registered with st2");
        }
        api.authorizer().require(call.principal(), "webhook_view", "webhook:" + url);
        return Json.tree(triggers.get(0));
    }

    private Object post(Call call) {
        String hook = call.path("hook");
        api.authorizer().require(call.principal(), "webhook_send", "webhook:" + normalise(hook));
        JsonNode body = WebhooksRequests.body(call);
        var requestHeaders = call.context().request().headers();
        String traceTag = call.header(WebhooksRequests.TRACE_TAG)
                .orElse("webhook-" + hook + "-" + UUID.randomUUID().toString().replace("-", ""));
        if (hook.equals("st2") || hook.equals("st2/")) {
            fireAny(body, traceTag);
        } else {
            List<Trigger> triggers = triggersFor(normalise(hook));
            if (triggers.isEmpty()) {
                throw ApiException.notFound("Webhook " + hook + " not registered with st2");
            }
            ObjectNode headers =
                    WebhooksRequests.headers(requestHeaders, api.settings().credentialHeaders());
            ObjectNode payload = Json.object();
            payload.set("headers", headers);
            payload.set("headers_lower", WebhooksRequests.lower(headers));
            payload.set("body", body);
            for (Trigger t : triggers) {
                dispatcher.dispatch(t.ref(), payload, traceTag, true);
            }
        }
        return Reply.accepted(body);
    }

    /** {@code /webhooks/st2}: {@code {"trigger": "<ref>", "payload": {...}}}. */
    private void fireAny(JsonNode body, String traceTag) {
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
        boolean webhook = dispatcher
                .typeOf(trigger.asText())
                .filter(t -> t.ref().equals(WEBHOOK_TYPE))
                .isPresent();
        dispatcher.dispatch(
                trigger.asText(),
                webhook
                        ? WebhooksRequests.withoutCredentials(
                                given, api.settings().credentialHeaders())
                        : given,
                tag,
                true);
    }

    private List<Trigger> webhookTriggers() {
        return api.store()
                .store(Kinds.TRIGGER)
                .find(Query.of(Filter.eq("type", WEBHOOK_TYPE)).sorted(Sort.by("name")));
    }

    private List<Trigger> triggersFor(String hook) {
        return dispatcher.triggersOfType(WEBHOOK_TYPE).stream()
                .filter(t -> normalise(t.parameters().path("url").asText("")).equals(hook))
                .toList();
    }

    /** StackStorm's {@code _get_normalized_url}: the url without leading and trailing slashes. */
    static String normalise(String url) {
        return url.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
