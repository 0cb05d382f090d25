package io.reflex.orquesta;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the context variables an expression reads, with orquesta's patterns: first every {@code ctx(...)...}
 * reference, then the name in it. {@code ctx().get(x)} or {@code ctx()} alone name no variable.
 */
final class ContextReferences {
    private static final String REF = "[\\]\\[a-zA-Z0-9_'\".()]*";
    private static final Pattern REFERENCE = Pattern.compile("\\bctx\\(['\"]?" + REF + "['\"]?\\)\\.?" + REF);
    private static final String VAR = "[a-zA-Z0-9_-]+";
    private static final List<Pattern> NAMES = List.of(
            Pattern.compile("(?<=\\bctx\\(\\)\\.)(" + VAR + ")\\b(?!\\()\\.?"),
            Pattern.compile("\\bctx\\((" + VAR + ")\\)"),
            Pattern.compile("\\bctx\\('(" + VAR + ")'\\)"),
            Pattern.compile("\\bctx\\(\"(" + VAR + ")\"\\)"));

    private ContextReferences() {}

    static List<String> names(ExpressionLanguage language, String text) {
        TreeSet<String> names = new TreeSet<>();
        for (String expression : language.expressions(text)) {
            Matcher refs = REFERENCE.matcher(language.inner(expression));
            while (refs.find()) {
                String ref = refs.group().strip();
                for (Pattern p : NAMES) {
                    Matcher m = p.matcher(ref);
                    if (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return List.copyOf(names);
    }
}
