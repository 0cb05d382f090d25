package io.reflex.orquesta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem orquesta's inspection reports, in its shape: the message, where in the definition
 * ({@link #specPath}, e.g. {@code tasks.task1.next[0].do}; empty for the document itself) and which rule of
 * the schema ({@link #schemaPath}, e.g. {@code properties.tasks.patternProperties.^\w+$.properties.next.items.properties.do}).
 * Expression and context errors also name the {@link #expression} and its {@link #language} ({@code yaql}
 * or {@code jinja}; empty for a string that mixes both).
 */
public record InspectionError(
        Category category,
        String message,
        Optional<String> specPath,
        String schemaPath,
        Optional<String> expression,
        Optional<String> language) {
    public InspectionError {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(schemaPath, "schemaPath");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(language, "language");
    }

    /** The kinds of errors, with orquesta's group name and StackStorm's {@code type} for each. */
    public enum Category {
        SYNTAX("syntax", "syntax"),
        SEMANTICS("semantics", "semantic"),
        EXPRESSIONS("expressions", "expression"),
        CONTEXT("context", "context"),
        /** StackStorm's own checks of the actions tasks call. */
        CONTENT("contents", "content");

        private final String group;
        private final String type;

        Category(String group, String type) {
            this.group = group;
            this.type = type;
        }

        /** The key of this kind in orquesta's {@code inspect()} result. */
        public String group() {
            return group;
        }

        /** The {@code type} StackStorm's API gives errors of this kind. */
        public String type() {
            return type;
        }
    }

    static InspectionError of(Category category, String message, String specPath, String schemaPath) {
        return new InspectionError(
                category, message, Optional.ofNullable(specPath), schemaPath, Optional.empty(), Optional.empty());
    }

    static InspectionError expression(
            Category category, String language, String expression, String message, String specPath, String schemaPath) {
        return new InspectionError(
                category,
                message,
                Optional.of(specPath),
                schemaPath,
                Optional.of(expression),
                Optional.ofNullable(language));
    }

    /** {@link #specPath} as keys and indexes ({@code tasks.t.next[0]} is {@code [tasks, t, next, 0]}). */
    public List<Object> path() {
        List<Object> out = new ArrayList<>();
        for (String part : specPath.orElse("").split("\\.")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            if (!key.isEmpty()) {
                out.add(key);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    break;
                }
                out.add(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        return out;
    }

    /** The error as StackStorm's {@code POST /api/v1/workflows/inspect} lists it. */
    public java.util.Map<String, Object> stackstorm() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", category.type());
        if (category == Category.EXPRESSIONS || category == Category.CONTEXT) {
            m.put("language", language.orElse(null));
            m.put("expression", expression.orElse(null));
        }
        m.put("message", message);
        m.put("schema_path", schemaPath);
        m.put("spec_path", specPath.orElse(null));
        return m;
    }

    /** The error as orquesta's {@code inspect()} lists it within its group. */
    public java.util.Map<String, Object> orquesta() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (category == Category.EXPRESSIONS || category == Category.CONTEXT) {
            m.put("type", language.orElse(null));
            m.put("expression", expression.orElse(null));
        }
        m.put("message", message);
        m.put("schema_path", schemaPath);
        m.put("spec_path", specPath.orElse(null));
        return m;
    }
}
