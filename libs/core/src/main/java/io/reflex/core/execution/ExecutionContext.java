package io.reflex.core.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What an execution was asked in: who asked (and through which chat user), for which pack, in which trace, by
 * which rule on which trigger instance, under which parent execution or workflow task, with which roles.
 * Stored and shown as StackStorm's free-form {@code context} object: the keys named here, then every other key
 * as it came ({@link #other}: what a caller or a runner adds, such as {@code chain}, {@code policies},
 * {@code cancelled_by}), so nothing a caller put in is lost. A named key whose value does not have the shape
 * read here also stays in {@link #other}, untouched.
 *
 * @param user who the execution runs as
 * @param pack the action's pack
 * @param apiUser the chat user an alias execution was asked for
 * @param traceTag {@code trace_context.trace_tag}
 * @param rule {@code rule}: the rule that started it
 * @param triggerInstance {@code trigger_instance}: the instance the rule matched
 * @param rbac {@code rbac}: the user's roles when RBAC is on
 * @param parent {@code parent}: the parent execution's id and the context it passed down
 * @param orquesta {@code orquesta}: the workflow task this execution runs
 * @param retry {@code policies.retry}: the retry policy that made this execution
 * @param other every other key
 */
public record ExecutionContext(
        String user,
        String pack,
        String apiUser,
        String traceTag,
        Ref rule,
        Ref triggerInstance,
        Rbac rbac,
        ObjectNode parent,
        ObjectNode orquesta,
        Retry retry,
        ObjectNode other) {
    public static final ExecutionContext EMPTY =
            new ExecutionContext(null, null, null, null, null, null, null, null, null, null, null);

    /** An {@code {id, name}} reference; the name may be null (a trigger instance has none). */
    public record Ref(String id, String name) {}

    /** {@code {user, roles}}: the roles the user had when the execution was requested. */
    public record Rbac(String user, List<String> roles) {
        public Rbac {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * {@code {applied_policy, retry_count, retried_liveaction_id}}: a retry made by a retry policy; a key that
     * is absent is null.
     */
    public record Retry(String appliedPolicy, Integer retryCount, String retriedLiveactionId) {}

    public ExecutionContext {
        other = other == null ? Json.object() : other.deepCopy();
        // a key held by a component is not held twice
        removeIf(other, "user", user);
        removeIf(other, "pack", pack);
        removeIf(other, "api_user", apiUser);
        removeIf(other, "trace_context", traceTag);
        removeIf(other, "rule", rule);
        removeIf(other, "trigger_instance", triggerInstance);
        removeIf(other, "rbac", rbac);
        removeIf(other, "parent", parent);
        removeIf(other, "orquesta", orquesta);
        removeIf(other, "policies", retry);
        parent = parent == null ? null : parent.deepCopy();
        orquesta = orquesta == null ? null : orquesta.deepCopy();
    }

    /** Reads a stored or given context object; null or a non-object is the empty context. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExecutionContext of(JsonNode json) {
        if (!(json instanceof ObjectNode o) || o.isEmpty()) {
            return EMPTY;
        }
        ObjectNode rest = o.deepCopy();
        String user = text(rest, "user");
        String pack = text(rest, "pack");
        String apiUser = text(rest, "api_user");
        String traceTag = traceTag(rest);
        Ref rule = ref(rest, "rule");
        Ref instance = ref(rest, "trigger_instance");
        Rbac rbac = rbac(rest);
        ObjectNode parent = object(rest, "parent");
        ObjectNode orquesta = object(rest, "orquesta");
        Retry retry = retry(rest);
        return new ExecutionContext(user, pack, apiUser, traceTag, rule, instance, rbac, parent, orquesta, retry, rest);
    }

    /** The context object as stored and shown (a new object each call). */
    @JsonValue
    public ObjectNode json() {
        ObjectNode o = Json.object();
        if (triggerInstance != null) {
            putRef(o, "trigger_instance", triggerInstance);
        }
        if (rule != null) {
            putRef(o, "rule", rule);
        }
        putText(o, "user", user);
        putText(o, "pack", pack);
        putText(o, "api_user", apiUser);
        if (traceTag != null) {
            o.putObject("trace_context").put("trace_tag", traceTag);
        }
        if (rbac != null) {
            ObjectNode r = o.putObject("rbac");
            putText(r, "user", rbac.user());
            ArrayNode roles = r.putArray("roles");
            rbac.roles().forEach(roles::add);
        }
        if (parent != null) {
            o.set("parent", parent.deepCopy());
        }
        if (orquesta != null) {
            o.set("orquesta", orquesta.deepCopy());
        }
        if (retry != null) {
            ObjectNode r = o.putObject("policies").putObject("retry");
            putText(r, "applied_policy", retry.appliedPolicy());
            if (retry.retryCount() != null) {
                r.put("retry_count", retry.retryCount());
            }
            putText(r, "retried_liveaction_id", retry.retriedLiveactionId());
        }
        o.setAll(other.deepCopy());
        return o;
    }

    /** The value under {@code key} as shown, or null: for keys this record does not name. */
    public JsonNode get(String key) {
        return json().get(key);
    }

    public boolean isEmpty() {
        return json().isEmpty();
    }

    /** This context with {@code key} set to {@code value} (a named key is read as {@link #of} reads it). */
    public ExecutionContext with(String key, JsonNode value) {
        ObjectNode o = json();
        o.set(key, value);
        return of(o);
    }

    /** This context with every key of {@code overrides} set as in {@link #with}. */
    public ExecutionContext withAll(ObjectNode overrides) {
        ObjectNode o = json();
        o.setAll(overrides.deepCopy());
        return of(o);
    }

    public ExecutionContext withUser(String newUser) {
        return new ExecutionContext(
                newUser, pack, apiUser, traceTag, rule, triggerInstance, rbac, parent, orquesta, retry, other);
    }

    public ExecutionContext withPack(String newPack) {
        return new ExecutionContext(
                user, newPack, apiUser, traceTag, rule, triggerInstance, rbac, parent, orquesta, retry, other);
    }

    public ExecutionContext withTraceTag(String tag) {
        return new ExecutionContext(
                user, pack, apiUser, tag, rule, triggerInstance, rbac, parent, orquesta, retry, other);
    }

    public ExecutionContext withRbac(Rbac newRbac) {
        return new ExecutionContext(
                user, pack, apiUser, traceTag, rule, triggerInstance, newRbac, parent, orquesta, retry, other);
    }

    public ExecutionContext withRetry(Retry newRetry) {
        return new ExecutionContext(
                user, pack, apiUser, traceTag, rule, triggerInstance, rbac, parent, orquesta, newRetry, other);
    }

    /** How many retries led here: {@code policies.retry.retry_count}, 0 for an original. */
    public int retryCount() {
        return retry == null || retry.retryCount() == null ? 0 : retry.retryCount();
    }

    /** {@code parent.execution_id}, or null when this execution has no parent. */
    public String parentExecutionId() {
        return parent != null && parent.path("execution_id").isTextual()
                ? parent.get("execution_id").asText()
                : null;
    }

    /** {@code orquesta.workflow_execution_id}: the workflow whose task this execution runs, or null. */
    public String workflowExecutionId() {
        return orquesta != null && orquesta.path("workflow_execution_id").isTextual()
                ? orquesta.get("workflow_execution_id").asText()
                : null;
    }

    private static void removeIf(ObjectNode o, String key, Object component) {
        if (component != null) {
            o.remove(key);
        }
    }

    private static String text(ObjectNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            return null;
        }
        o.remove(key);
        return v.asText();
    }

    private static ObjectNode object(ObjectNode o, String key) {
        if (!(o.get(key) instanceof ObjectNode v)) {
            return null;
        }
        o.remove(key);
        return v;
    }

    private static String traceTag(ObjectNode o) {
        if (o.get("trace_context") instanceof ObjectNode t
                && t.size() == 1
                && t.path("trace_tag").isTextual()) {
            o.remove("trace_context");
            return t.get("trace_tag").asText();
        }
        return null;
    }

    /** {@code {id, name}} with a text id and a text or null name, and nothing else. */
    private static Ref ref(ObjectNode o, String key) {
        if (!(o.get(key) instanceof ObjectNode r)
                || r.size() != 2
                || !r.path("id").isTextual()
                || !(r.path("name").isTextual() || r.path("name").isNull())) {
            return null;
        }
        o.remove(key);
        return new Ref(
                r.get("id").asText(),
                r.get("name").isNull() ? null : r.get("name").asText());
    }

    private static Retry retry(ObjectNode o) {
        if (!(o.get("policies") instanceof ObjectNode p)
                || p.size() != 1
                || !(p.get("retry") instanceof ObjectNode r)) {
            return null;
        }
        JsonNode policy = r.get("applied_policy");
        JsonNode count = r.get("retry_count");
        JsonNode retried = r.get("retried_liveaction_id");
        int known = (policy == null ? 0 : 1) + (count == null ? 0 : 1) + (retried == null ? 0 : 1);
        if (known != r.size()
                || (policy != null && !policy.isTextual())
                || (count != null && !count.isInt())
                || (retried != null && !retried.isTextual())) {
            return null;
        }
        o.remove("policies");
        return new Retry(
                policy == null ? null : policy.asText(),
                count == null ? null : count.asInt(),
                retried == null ? null : retried.asText());
    }

    private static Rbac rbac(ObjectNode o) {
        if (!(o.get("rbac") instanceof ObjectNode r)
                || r.size() != 2
                || !r.path("user").isTextual()
                || !r.path("roles").isArray()) {
            return null;
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode role : r.get("roles")) {
            if (!role.isTextual()) {
                return null;
            }
            roles.add(role.asText());
        }
        o.remove("rbac");
        return new Rbac(r.get("user").asText(), roles);
    }

    private static void putRef(ObjectNode o, String key, Ref ref) {
        ObjectNode r = o.putObject(key);
        r.put("id", ref.id());
        if (ref.name() == null) {
            r.putNull("name");
        } else {
            r.put("name", ref.name());
        }
    }

    private static void putText(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
