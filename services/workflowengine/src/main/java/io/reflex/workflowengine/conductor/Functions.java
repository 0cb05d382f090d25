package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.reflex.core.json.Json;
import io.reflex.templates.StackStormFunctions;
import java.util.List;
import java.util.Optional;

/**
 * orquesta's and StackStorm's workflow functions, over a {@link Scope}, shared by both expression languages:
 * each takes its arguments as JSON values and answers one, or fails with orquesta's error type and message.
 */
final class Functions {
    /** A function call that failed: orquesta's exception name and its message. */
    static final class Failure extends RuntimeException {
        final String type;

        Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private Functions() {}

    /** {@code ctx()} (every variable) or {@code ctx(name)}. */
    static JsonNode ctx(Scope s, List<JsonNode> args) {
        if (args.isEmpty() || args.get(0).isNull()) {
            return s.vars();
        }
        String name = args.get(0).asText();
        if (!s.vars().has(name)) {
            throw new Failure("VariableUndefinedError", "The variable \"" + name + "\" is undefined.");
        }
        return s.vars().get(name);
    }

    static JsonNode result(Scope s) {
        requireTask(s);
        return s.result() == null ? NullNode.getInstance() : s.result();
    }

    static String taskStatus(Scope s, List<JsonNode> args) {
        String task = args.isEmpty() ? s.task() : args.get(0).asText();
        int route =
                args.size() > 1 && args.get(1).canConvertToInt() ? args.get(1).asInt() : s.route();
        String status = s.runs().status(task, route);
        return status == null ? "null" : status;
    }

    static boolean succeeded(Scope s) {
        requireTask(s);
        return "succeeded".equals(s.runs().status(s.task(), s.route()));
    }

    static boolean failed(Scope s) {
        requireTask(s);
        return "failed".equals(s.runs().status(s.task(), s.route()));
    }

    static boolean completed(Scope s) {
        requireTask(s);
        String status = s.runs().status(s.task(), s.route());
        return status != null
                && List.of("succeeded", "failed", "timeout", "abandoned", "canceled")
                        .contains(status);
    }

    /**
     * st2's {@code task(task_id=None, route=None)}: the task's latest run on the route (the current task and
     * route by default), or on the route it split from.
     */
    static JsonNode task(Scope s, JsonNode taskId, JsonNode route) {
        String name = taskId == null || taskId.isNull() ? s.task() : taskId.asText();
        if (name == null) {
            throw new Failure("ExpressionEvaluationException", "The current task is not set in the context.");
        }
        if (route != null && !route.isNull() && !route.canConvertToInt()) {
            throw new Failure("TypeError", "task(): route must be an integer.");
        }
        JsonNode view = s.runs().view(name, route == null || route.isNull() ? s.route() : route.asInt());
        if (view == null) {
            throw new Failure("ExpressionEvaluationException", "Unable to find task execution for \"" + name + "\".");
        }
        return view;
    }

    /** {@code item()} or {@code item(key)}. */
    static JsonNode item(Scope s, List<JsonNode> args) {
        if (s.item() == null) {
            throw new Failure("ExpressionEvaluationException", "The current item is not set in the context.");
        }
        if (args.isEmpty() || args.get(0).isNull()) {
            return s.item();
        }
        String key = args.get(0).asText();
        if (!s.item().isObject()) {
            throw new Failure("ExpressionEvaluationException", "Item is not type of collections.abc.Mapping.");
        }
        if (!s.item().has(key)) {
            throw new Failure("ExpressionEvaluationException", "Item does not have key \"" + key + "\".");
        }
        return s.item().get(key);
    }

    /**
     * st2's {@code st2kv(key, decrypt=false, default=...)}: {@code system.<name>} reads the system scope, any
     * other key the user scope as {@code <user>:<key>}; a missing key is {@code default} when one is given
     * (null included), else an error.
     */
    static JsonNode st2kv(Scope s, String key, boolean decrypt, Optional<JsonNode> fallback) {
        boolean system = key.startsWith("system.");
        String name = system ? key.substring("system.".length()) : s.user() + ":" + key;
        Optional<String> value = s.datastore().get(system ? "st2kv.system" : "st2kv.user", name);
        if (value.isEmpty()) {
            return fallback.orElseThrow(() -> new Failure(
                    "ExpressionEvaluationException",
                    "The key \"" + name + "\" does not exist in the StackStorm datastore."));
        }
        String text = decrypt ? s.datastore().decrypt(value.get()) : value.get();
        return TextNode.valueOf(text);
    }

    static JsonNode decryptKv(Scope s, String value) {
        return TextNode.valueOf(s.datastore().decrypt(value));
    }

    /** orquesta's {@code json(text)}: the text parsed as JSON; a non-string is returned as it is. */
    static JsonNode json(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            return Json.mapper().readTree(value.textValue());
        } catch (Exception e) {
            throw new Failure("ValueError", "The text is not JSON: " + e.getMessage());
        }
    }

    /** {@code yaml(text)}: the text parsed as YAML (safe types only); a non-string is returned as it is. */
    static JsonNode yaml(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            return Json.mapper().valueToTree(StackStormFunctions.call("from_yaml_string", List.of(value.textValue())));
        } catch (RuntimeException e) {
            throw new Failure("ValueError", "The text is not YAML: " + firstLine(e.getMessage()));
        }
    }

    /** The one argument of a function that takes one. */
    static JsonNode first(List<JsonNode> args) {
        if (args.size() != 1) {
            throw new Failure("TypeError", "The function takes exactly one argument (" + args.size() + " given).");
        }
        return args.get(0);
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** orquesta's {@code zip(a, b, ..., pad=None)}: lists zipped to the longest, missing places padded. */
    static JsonNode zip(List<JsonNode> lists, JsonNode pad) {
        int longest = 0;
        for (JsonNode l : lists) {
            if (!l.isArray()) {
                throw new Failure("TypeError", "zip() takes lists only");
            }
            longest = Math.max(longest, l.size());
        }
        ArrayNode out = Json.mapper().createArrayNode();
        for (int i = 0; i < longest; i++) {
            ArrayNode tuple = out.addArray();
            for (JsonNode l : lists) {
                tuple.add(i < l.size() ? l.get(i) : pad == null ? NullNode.getInstance() : pad);
            }
        }
        return out;
    }

    private static void requireTask(Scope s) {
        if (s.task() == null) {
            throw new Failure("ExpressionEvaluationException", "The current task is not set in the context.");
        }
    }
}
