package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expression languages of a workflow, applied to YAML values the way orquesta applies them: every
 * string inside (mapping keys included) is checked by the one language it uses; a string using both is an
 * error of its own.
 */
public final class Expressions {
    /** A YAQL expression: {@code <% ... %>} on one line. */
    static final String YAQL_EXPRESSION = "<%.*?%>";
    /** A Jinja expression: {@code {{ ... }}} on one line. */
    static final String JINJA_EXPRESSION = "\\{\\{.*?\\}\\}";
    /** A Jinja block: {@code {% ... %}} on one line. */
    static final String JINJA_BLOCK = "\\{%.*?%\\}";

    static final String MIXED = "Expression with multiple types is not supported.";

    private final List<ExpressionLanguage> languages;

    /** {@code languages} in the order orquesta knows them (Jinja, then YAQL). */
    public Expressions(List<ExpressionLanguage> languages) {
        this.languages = List.copyOf(languages);
    }

    /** An error of one string: the language (null for a string mixing languages), the expression, the message. */
    record Found(String type, String expression, String message) {}

    /** A context variable read by a string: the language, the whole string, the variable. */
    record Reference(String type, String statement, String name) {}

    static List<String> findAll(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Python's {@code s.strip(chars).strip()}. */
    static String stripDelimiter(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end).strip();
    }

    /** The syntax errors of every string in {@code value}, in document order. */
    List<Found> validate(JsonNode value) {
        List<Found> out = new ArrayList<>();
        validate(value, out);
        return out;
    }

    private void validate(JsonNode value, List<Found> out) {
        if (value == null) {
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                validateText(e.getKey(), out);
                validate(e.getValue(), out);
            }
        } else if (value.isArray()) {
            value.forEach(v -> validate(v, out));
        } else if (value.isTextual()) {
            validateText(value.textValue(), out);
        }
    }

    private void validateText(String text, List<Found> out) {
        List<ExpressionLanguage> used =
                languages.stream().filter(l -> l.appliesTo(text)).toList();
        if (used.size() > 1) {
            out.add(new Found(null, text, MIXED));
        } else if (used.size() == 1) {
            ExpressionLanguage l = used.get(0);
            l.check(text).forEach(e -> out.add(new Found(l.type(), e.expression(), e.message())));
        }
    }

    /** The context variables every string in {@code value} reads, sorted by variable name. */
    List<Reference> references(JsonNode value) {
        LinkedHashSet<Reference> out = new LinkedHashSet<>();
        references(value, out);
        List<Reference> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Reference::name));
        return sorted;
    }

    private void references(JsonNode value, LinkedHashSet<Reference> out) {
        if (value == null) {
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                referencesIn(e.getKey(), out);
                references(e.getValue(), out);
            }
        } else if (value.isArray()) {
            value.forEach(v -> references(v, out));
        } else if (value.isTextual()) {
            referencesIn(value.textValue(), out);
        }
    }

    private void referencesIn(String text, LinkedHashSet<Reference> out) {
        for (ExpressionLanguage l : languages) {
            for (String name : l.variablesReferenced(text)) {
                out.add(new Reference(l.type(), text, Objects.requireNonNull(name)));
            }
        }
    }

    /** Whether {@code text} holds an expression of any language. */
    boolean hasExpressions(String text) {
        return languages.stream().anyMatch(l -> l.appliesTo(text));
    }
}
