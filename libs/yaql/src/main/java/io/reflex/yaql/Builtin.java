package io.reflex.yaql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One function of an engine's library: gets its arguments unevaluated, so it may take them as lambdas. */
@FunctionalInterface
interface Builtin {
    Object call(Invocation call);

    /** A host function: arguments evaluated first, results converted to plain values. */
    static Builtin host(YaqlFunction function) {
        return inv -> {
            List<Object> args = new ArrayList<>(inv.args());
            Map<String, Object> named = new LinkedHashMap<>();
            for (Node.Arg a : inv.namedArgs()) {
                named.put(inv.keyName(a), inv.value(a));
            }
            YaqlCall call = new YaqlCall(inv.name(), inv.context(), inv.receiver(), args, named);
            try {
                return YaqlValues.fromHost(function.call(call));
            } catch (YaqlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw Errors.valueError(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        };
    }
}
