package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The workflow functions as Jinja globals ({@code {{ ctx('x') }}}, {@code {{ result().stdout }}}...). Jinjava
 * calls static methods, so each reads the render's {@link Scope} from the render context ({@link #HOST}). A
 * function's failure is remembered on the rendering thread so the error names it in orquesta's words.
 */
public final class JinjaFunctions {
    static final String HOST = "__orquesta_scope";
    private static final ThreadLocal<Functions.Failure> FAILURE = new ThreadLocal<>();

    private JinjaFunctions() {}

    static List<ELFunctionDefinition> definitions() {
        return List.of(
                fn("ctx", "ctx", Object[].class),
                fn("result", "result"),
                fn("succeeded", "succeeded"),
                fn("failed", "failed"),
                fn("completed", "completed"),
                fn("task_status", "taskStatus", Object[].class),
                fn("task", "task", Object[].class),
                fn("item", "item", Object[].class),
                fn("json", "json", Object.class),
                fn("yaml", "yaml", Object.class),
                fn("st2kv", "st2kv", Object.class, Object[].class),
                fn("zip", "zip", Object[].class));
    }

    private static ELFunctionDefinition fn(String name, String method, Class<?>... types) {
        return new ELFunctionDefinition("", name, JinjaFunctions.class, method, types);
    }

    public static Object ctx(Object... args) {
        return call(s -> Functions.ctx(s, json(args)));
    }

    public static Object result() {
        return call(Functions::result);
    }

    public static Object succeeded() {
        return call(s -> Json.mapper().valueToTree(Functions.succeeded(s)));
    }

    public static Object failed() {
        return call(s -> Json.mapper().valueToTree(Functions.failed(s)));
    }

    public static Object completed() {
        return call(s -> Json.mapper().valueToTree(Functions.completed(s)));
    }

    public static Object taskStatus(Object... args) {
        return call(s -> TextNode.valueOf(Functions.taskStatus(s, json(args))));
    }

    /** {@code task(name, route)}, {@code task(name, route=1)} or {@code task(task_id=name)}. */
    public static Object task(Object... args) {
        Object[] given = args == null ? new Object[0] : args;
        Object id = null;
        Object route = null;
        int position = 0;
        for (Object a : given) {
            if (a instanceof NamedParameter named) {
                switch (named.getName()) {
                    case "task_id" -> id = named.getValue();
                    case "route" -> route = named.getValue();
                    default -> {
                        return call(s -> {
                            throw new Functions.Failure(
                                    "TypeError", "task() got an unexpected keyword argument '" + named.getName() + "'");
                        });
                    }
                }
            } else if (position++ == 0) {
                id = a;
            } else {
                route = a;
            }
        }
        Object taskId = id;
        Object taskRoute = route;
        return call(s -> Functions.task(
                s,
                taskId == null ? null : Json.mapper().valueToTree(taskId),
                taskRoute == null ? null : Json.mapper().valueToTree(taskRoute)));
    }

    public static Object item(Object... args) {
        return call(s -> Functions.item(s, json(args)));
    }

    public static Object json(Object text) {
        return call(s -> Functions.json(Json.mapper().valueToTree(text)));
    }

    public static Object yaml(Object text) {
        return call(s -> Functions.yaml(Json.mapper().valueToTree(text)));
    }

    /** {@code st2kv(key, decrypt, default=...)}: {@code decrypt} by position or name, {@code default} by name. */
    public static Object st2kv(Object key, Object... rest) {
        boolean decrypt = false;
        Optional<JsonNode> fallback = Optional.empty();
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] instanceof NamedParameter p) {
                if (p.getName().equals("decrypt")) {
                    decrypt = Boolean.TRUE.equals(p.getValue());
                } else if (p.getName().equals("default")) {
                    fallback = Optional.of(Json.mapper().valueToTree(p.getValue()));
                }
            } else if (i == 0) {
                decrypt = Boolean.TRUE.equals(rest[i]);
            }
        }
        boolean d = decrypt;
        Optional<JsonNode> f = fallback;
        return call(s -> Functions.st2kv(s, String.valueOf(key), d, f));
    }

    public static Object zip(Object... lists) {
        return call(s -> Functions.zip(json(lists), null));
    }

    static void clearFailure() {
        FAILURE.remove();
    }

    static Functions.Failure lastFailure() {
        return FAILURE.get();
    }

    private interface Body {
        JsonNode apply(Scope scope);
    }

    private static Object call(Body body) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object host = interpreter == null ? null : interpreter.getContext().get(HOST);
        try {
            if (!(host instanceof Scope scope)) {
                throw new Functions.Failure("ExpressionEvaluationException", "The context is not set.");
            }
            return Json.mapper().convertValue(body.apply(scope), Object.class);
        } catch (Functions.Failure e) {
            if (FAILURE.get() == null) {
                FAILURE.set(e);
            }
            throw e;
        }
    }

    private static List<JsonNode> json(Object[] args) {
        List<JsonNode> out = new ArrayList<>();
        Arrays.stream(args == null ? new Object[0] : args)
                .forEach(a -> out.add(Json.mapper().valueToTree(a)));
        return out;
    }
}
