package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Jinja2's {@code join(d='', attribute=None)}: each item as Python's {@code str()} ({@code True},
 * {@code None}, {@code {'a': 1}}); with {@code attribute}, that key of each item.
 */
final class PyJoinFilter implements Filter {
    @Override
    public String getName() {
        return "join";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        String separator = args.length > 0 && args[0] != null ? PyText.str(args[0]) : textOf(kwargs.get("d"));
        Object attribute = args.length > 1 ? args[1] : kwargs.get("attribute");
        Iterable<?> items = switch (var) {
            case null -> java.util.List.of();
            case Collection<?> c -> c;
            case Map<?, ?> m -> m.keySet();
            case Object[] a -> Arrays.asList(a);
            case String s -> s.codePoints().mapToObj(Character::toString).toList();
            default -> java.util.List.of(var);
        };
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> attribute != null && item instanceof Map<?, ?> m ? m.get(String.valueOf(attribute)) : item)
                .map(PyText::str)
                .collect(Collectors.joining(separator));
    }

    private static String textOf(Object v) {
        return v == null ? "" : PyText.str(v);
    }
}
