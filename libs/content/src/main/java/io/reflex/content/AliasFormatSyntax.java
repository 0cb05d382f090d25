package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The placeholder syntax of alias formats ({@code {{name}}}, {@code {{name=default}}}): every {@code {{}
 * is closed by {@code }}} before the next one opens, and names something. A format that breaks it could
 * never match a command, so it is refused where the alias is written (API or pack registration).
 */
final class AliasFormatSyntax {
    private AliasFormatSyntax() {}

    /** Problems of the {@code formats} field of an alias, each naming the entry; empty when all are fine. */
    static List<FieldProblem> check(JsonNode formats) {
        List<FieldProblem> out = new ArrayList<>();
        for (int i = 0; i < formats.size(); i++) {
            JsonNode f = formats.get(i);
            List<Object> at = List.of("formats", i);
            if (f.isTextual()) {
                problem(f.asText()).ifPresent(p -> out.add(new FieldProblem(at, p)));
            }
            JsonNode representations = f.path("representation");
            for (int j = 0; j < representations.size(); j++) {
                String text = representations.get(j).asText();
                List<Object> path = List.of("formats", at.get(1), "representation", j);
                problem(text).ifPresent(p -> out.add(new FieldProblem(path, p)));
            }
        }
        return out;
    }

    /** One problem and where it is ({@code formats[i]} or {@code formats[i].representation[j]}). */
    record FieldProblem(List<Object> path, String problem) {
        String field() {
            StringBuilder sb = new StringBuilder();
            for (Object p : path) {
                sb.append(p instanceof Integer n ? "[" + n + "]" : (sb.isEmpty() ? "" : ".") + p);
            }
            return sb.toString();
        }

        String message() {
            return "field '" + field() + "': " + problem;
        }
    }

    static Optional<String> problem(String format) {
        int from = 0;
        while (true) {
            int open = format.indexOf("{{", from);
            if (open < 0) {
                return Optional.empty();
            }
            int close = format.indexOf("}}", open + 2);
            int next = format.indexOf("{{", open + 2);
            if (close < 0 || (next >= 0 && next < close)) {
                return Optional.of("'{{' at position " + open + " is not closed by '}}' "
                        + "(a parameter is written {{name}} or {{name=default}})");
            }
            String inside = format.substring(open + 2, close).strip();
            if (inside.isEmpty() || inside.startsWith("=")) {
                return Optional.of("the placeholder at position " + open + " names no parameter");
            }
            from = close + 2;
        }
    }
}
