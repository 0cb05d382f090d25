package io.reflex.yaql;

import java.util.List;
import java.util.Map;

/**
 * One call of a host {@link YaqlFunction}: its evaluated arguments and the calling context.
 *
 * @param name the function name as called
 * @param context the context of the call site ({@code $} and variables as the expression sees them there)
 * @param receiver the value before the dot for a method call ({@code $x.f()}), null for a function call
 * @param args positional arguments, evaluated
 * @param named arguments written {@code name => value}, evaluated, in call order
 */
public record YaqlCall(
        String name, YaqlContext context, Object receiver, List<Object> args, Map<String, Object> named) {
    public YaqlCall {
        args = java.util.Collections.unmodifiableList(args);
        named = java.util.Collections.unmodifiableMap(named);
    }

    /** Positional argument {@code i}, or null when fewer were given. */
    public Object arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** A failure that names this call as YAQL does when no overload of a function fits its arguments. */
    public YaqlEvaluationException noMatch() {
        return receiver == null ? Errors.noMatchingFunction(name) : Errors.noMatchingMethod(name, receiver);
    }
}
