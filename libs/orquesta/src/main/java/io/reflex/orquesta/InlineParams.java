package io.reflex.orquesta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * orquesta's inline parameters, {@code name=value name2="text" list=[1, 2] x=<% ctx(y) %>}, as written after an
 * action ref or as a string {@code publish}. A value is a bracketed list, a quoted string, a number,
 * {@code true}/{@code false}/{@code null} or one expression; unquoted values that are JSON become JSON values.
 */
final class InlineParams {
    private static final Pattern PARAM = Pattern.compile(
            "(\\w+)=(\\[.*\\]\\s*|\"[^\"]*\"\\s*|'[^']*'\\s*|-?\\d*\\.\\d+|-?\\d+|(?i:true)|(?i:false)|null|"
                    + Expressions.JINJA_EXPRESSION + "|" + Expressions.YAQL_EXPRESSION + ")",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"\\s*|'[^']*'\\s*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private InlineParams() {}

    /** The parameters in {@code text} in the order written; empty when it has none. */
    static List<Assignment> parse(String text) {
        List<Assignment> out = new ArrayList<>();
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            out.add(new Assignment(m.group(1), value(m.group(2))));
        }
        return out;
    }

    private static JsonNode value(String raw) {
        String v = raw.strip();
        boolean quoted = QUOTED.matcher(v).find();
        v = stripOne(stripOne(v, '"'), '\'');
        boolean curly = !v.isEmpty() && v.charAt(0) == '{' && v.charAt(v.length() - 1) == '}';
        if (v.isEmpty() || (quoted && !curly)) {
            return JsonNodeFactory.instance.textNode(v);
        }
        String candidate = v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? v.toLowerCase() : v;
        try {
            JsonNode parsed = JSON.readTree(candidate);
            return parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(v) : parsed;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return JsonNodeFactory.instance.textNode(v);
        }
    }

    private static String stripOne(String v, char quote) {
        String s = v.startsWith(String.valueOf(quote)) ? v.substring(1) : v;
        return s.endsWith(String.valueOf(quote)) ? s.substring(0, s.length() - 1) : s;
    }
}
