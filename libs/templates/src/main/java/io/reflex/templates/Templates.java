package io.reflex.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.JinjavaProcessors;
import com.hubspot.jinjava.interpret.CollectionTooBigException;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import io.reflex.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jinja the way StackStorm renders it: sandboxed (only the data given can be reached; Java methods such as
 * {@code getClass} are refused), strict (an undefined name is an error, not an empty string),
 * {@code trim_blocks} and {@code lstrip_blocks}, and StackStorm's filters ({@code from_json_string},
 * {@code regex_replace}, {@code version_compare}, {@code decrypt_kv}...). Thread-safe. What a render works on
 * are plain Java values ({@link Values} converts JSON to them and back), and every render is bounded by the
 * {@link RenderScope} it runs in.
 */
public final class Templates {
    /** A template that is exactly one expression: {@code {{ expr }}}. Its value keeps its type. */
    private static final Pattern SINGLE_EXPRESSION =
            Pattern.compile("^\\s*\\{\\{\\s*(.+?)\\s*\\}\\}\\s*$", Pattern.DOTALL);

    private static final Set<String> RESTRICTED_METHODS = Set.of(
            "getClass",
            "forName",
            "getClassLoader",
            "newInstance",
            "invoke",
            "getMethod",
            "getDeclaredMethod",
            "getRuntime",
            "exec",
            "wait",
            "notify",
            "notifyAll",
            "clone",
            "finalize",
            "getDeclaredField",
            "getField");
    private static final Set<String> RESTRICTED_PROPERTIES = Set.of("class", "classLoader", "declaringClass", "module");

    private final Jinjava jinjava;
    private final TemplateLimits limits;

    /** Templates bounded by {@link TemplateLimits#DEFAULTS}. */
    public Templates(Datastore datastore) {
        this(datastore, TemplateLimits.DEFAULTS);
    }

    /**
     * Templates whose every render is bounded by {@code limits} (and by the {@link RenderScope} it runs in);
     * {@code include}, {@code import}, {@code from} and {@code extends} load nothing.
     */
    public Templates(Datastore datastore, TemplateLimits limits) {
        this(datastore, limits, List.of());
    }

    /**
     * {@link #Templates(Datastore, TemplateLimits)} plus the host's own global functions (orquesta's
     * {@code ctx()}, {@code result()}...), called with no namespace ({@code {{ ctx('x') }}}). A function reads
     * what it needs from the render's context through {@code JinjavaInterpreter.getCurrent()}.
     */
    public Templates(Datastore datastore, TemplateLimits limits, List<ELFunctionDefinition> functions) {
        this.limits = limits;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(false) // strict as Jinja2 is: PyInterpreter
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withRestrictedMethods(RESTRICTED_METHODS)
                .withRestrictedProperties(RESTRICTED_PROPERTIES)
                .withMaxRenderDepth(limits.maxDepth())
                .withMaxOutputSize(limits.maxOutputBytes())
                .withMaxStringLength(limits.maxOutputBytes())
                .withMaxListSize(limits.maxCollectionSize())
                .withMaxMapSize(limits.maxCollectionSize())
                .withRangeLimit(limits.maxLoopIterations())
                .withElResolver(new BoundedResolver(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY))
                .withProcessors(JinjavaProcessors.newBuilder()
                        .withNodePreProcessor(Templates::checkBudget)
                        .build())
                .withNestedInterpretationEnabled(false)
                .withInterperterFactory(new PyInterpreter.Factory())
                .build();
        this.jinjava = new PyJinjava(config);
        jinjava.setResourceLocator(new NoIncludes());
        jinjava.getGlobalContext().registerTag(new BoundedForTag());
        jinjava.getGlobalContext()
                .registerFunction(new ELFunctionDefinition(
                        "", "range", BoundedRange.class, "range", Object.class, Object[].class));
        DataFilters.all().forEach(jinjava::registerFilter);
        TextFilters.all().forEach(jinjava::registerFilter);
        VersionFilters.all().forEach(jinjava::registerFilter);
        jinjava.registerFilter(new DecryptKvFilter(datastore));
        jinjava.registerFilter(new PyDefaultFilter("default"));
        jinjava.registerFilter(new PyDefaultFilter("d"));
        jinjava.registerFilter(new SimpleFilter("string", (v, a) -> PyText.str(v)));
        jinjava.registerFilter(new PyJoinFilter());
        jinjava.registerFilter(new PyFormatFilter());
        functions.forEach(f -> jinjava.getGlobalContext().registerFunction(f));
    }

    /** What every render of these templates may cost. */
    public TemplateLimits limits() {
        return limits;
    }

    /**
     * A value as Jinja2 writes it into text: Python's {@code str()} ({@code None}, {@code True},
     * {@code {'name': 'st2'}}, {@code 1.0}); a string is itself.
     */
    public static String toText(Object value) {
        return PyText.str(value);
    }

    /**
     * {@code template} as the renderer hands it to Jinjava: string literals in its tags carry Jinja2's
     * (Python's) escapes, so {@code '\\w+'} is the regex {@code \\w+}. Checks that only parse a template
     * must parse this text to agree with the render.
     */
    public static String parsedSource(String template) {
        return StringLiterals.normalize(template);
    }

    /** Whether {@code text} contains template syntax at all. */
    public static boolean isTemplate(String text) {
        return text != null && (text.contains("{{") || text.contains("{%"));
    }

    /**
     * Renders {@code template} to text.
     *
     * @throws TemplateException naming the first problem (undefined name, syntax error, failing filter)
     */
    public String render(String template, Map<String, ?> context) {
        return renderText(StringLiterals.normalize(template), context);
    }

    private String renderText(String template, Map<String, ?> context) {
        RenderResult result;
        try (RenderBudget budget = RenderBudget.open(limits)) {
            try {
                result = jinjava.renderForResult(template, context);
            } catch (TemplateException e) {
                throw firstOf(budget, e);
            } catch (RuntimeException e) {
                throw firstOf(budget, new TemplateException(message(e), e));
            } catch (StackOverflowError e) {
                throw budget.exceeded(TemplateLimits.MAX_DEPTH);
            }
            if (budget.failure() != null) {
                throw budget.failure();
            }
        }
        List<TemplateError> errors = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!errors.isEmpty()) {
            throw new TemplateException(errors.stream().map(this::describe).collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    private static void checkBudget(Node node, JinjavaInterpreter interpreter) {
        RenderBudget budget = RenderBudget.current();
        if (budget != null) {
            budget.check();
        }
    }

    /** The limit or stop that ended the render, when one did: it is the cause of whatever Jinjava reports. */
    private static TemplateException firstOf(RenderBudget budget, TemplateException reported) {
        return budget.failure() != null ? budget.failure() : reported;
    }

    /**
     * Renders {@code template}; a template that is exactly one expression keeps its value's type (a dict
     * stays a map, a number a number), like StackStorm's {@code to_complex} handling of criteria patterns.
     */
    public Object evaluate(String template, Map<String, ?> context) {
        String normalized = StringLiterals.normalize(template);
        Matcher m = SINGLE_EXPRESSION.matcher(normalized);
        if (!m.matches() || m.group(1).contains("}}") || m.group(1).contains("{{")) {
            return renderText(normalized, context);
        }
        renderText(normalized, context); // surfaces undefined names and syntax errors the same way
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        Context ctx = interpreter.getContext();
        context.forEach(ctx::put);
        JinjavaInterpreter.pushCurrent(interpreter);
        try (RenderBudget budget = RenderBudget.open(limits)) {
            try {
                return interpreter.resolveELExpression(m.group(1), 1);
            } catch (TemplateException e) {
                throw firstOf(budget, e);
            } catch (RuntimeException e) {
                throw firstOf(budget, new TemplateException(message(e), e));
            } catch (StackOverflowError e) {
                throw budget.exceeded(TemplateLimits.MAX_DEPTH);
            }
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private static final Pattern JAVA_CLASS_PREFIX =
            Pattern.compile("^(?:[a-z_][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_$]*(?:Exception|Error):\\s*");

    private String describe(TemplateError e) {
        String msg = tooBig(e)
                ? limits.exceeded(TemplateLimits.MAX_OUTPUT_BYTES).getMessage()
                : e.getMessage() == null ? e.getReason().toString() : e.getMessage();
        // Jinjava prefixes some messages with its exception's class name: words are for users, classes are not
        msg = JAVA_CLASS_PREFIX.matcher(msg).replaceFirst("");
        return e.getLineno() > 0 ? msg + " (line " + e.getLineno() + ")" : msg;
    }

    /** Jinjava's own output and collection limits, which are {@code templates.max_output_bytes}. */
    private static boolean tooBig(TemplateError e) {
        if (e.getReason() == TemplateError.ErrorReason.OUTPUT_TOO_BIG
                || e.getReason() == TemplateError.ErrorReason.COLLECTION_TOO_BIG) {
            return true;
        }
        for (Throwable t = e.getException(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutputTooBigException || t instanceof CollectionTooBigException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Conversions between JSON trees and the plain Java values templates work on (maps, lists, strings, numbers). */
    public static final class Values {
        private Values() {}

        /** A JSON tree as nested {@code Map}/{@code List}/scalars (null for JSON null). */
        public static Object toJava(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            return Json.mapper().convertValue(node, Object.class);
        }

        @SuppressWarnings("unchecked")
        public static Map<String, Object> toMap(JsonNode node) {
            Object v = toJava(node);
            return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        public static JsonNode toJson(Object value) {
            return Json.mapper().valueToTree(value);
        }
    }

    /**
     * An outer bound on every render the calling thread does while {@link #call} runs: a deadline shared by all
     * of them (an execution's {@code timeout}, or the time one rule enforcement may take) and a stop signal (an
     * execution being canceled). A render polls both, with its thread's interrupt flag, at every node, loop
     * iteration and expression call, and ends with a {@link RenderStoppedException} once any of them fires,
     * releasing the thread. Scopes nest: the inner one is bounded by the outer one too.
     */
    public static final class RenderScope {
        private static final ThreadLocal<RenderScope> CURRENT = new ThreadLocal<>();
        private static final BooleanSupplier NEVER = () -> false;

        private final long deadlineNanos;
        private final String deadlineMessage;
        private final BooleanSupplier stop;
        private final RenderScope outer;

        private RenderScope(long deadlineNanos, String deadlineMessage, BooleanSupplier stop, RenderScope outer) {
            this.deadlineNanos = deadlineNanos;
            this.deadlineMessage = deadlineMessage;
            this.stop = stop;
            this.outer = outer;
        }

        /** Work done in a scope. */
        @FunctionalInterface
        public interface Work<T, E extends Exception> {
            T get() throws E;
        }

        /**
         * Runs {@code work} with every render on this thread bounded by {@code within} from now and stopped
         * when {@code stop} (may be null) turns true. Blocks for as long as {@code work} does.
         *
         * @param deadlineMessage the error once {@code within} has passed, e.g. "parameter rendering exceeded
         *     the execution timeout (2s)"
         */
        public static <T, E extends Exception> T call(
                Duration within, String deadlineMessage, BooleanSupplier stop, Work<T, E> work) throws E {
            Objects.requireNonNull(deadlineMessage, "deadlineMessage");
            return enter(
                    System.nanoTime() + Math.min(within.toNanos(), Long.MAX_VALUE / 4), deadlineMessage, stop, work);
        }

        /** Runs {@code work} with every render on this thread stopped when {@code stop} turns true. */
        public static <T, E extends Exception> T stoppable(BooleanSupplier stop, Work<T, E> work) throws E {
            return enter(System.nanoTime() + Long.MAX_VALUE / 4, "", stop, work);
        }

        private static <T, E extends Exception> T enter(
                long deadline, String deadlineMessage, BooleanSupplier stop, Work<T, E> work) throws E {
            RenderScope outer = CURRENT.get();
            CURRENT.set(new RenderScope(deadline, deadlineMessage, stop == null ? NEVER : stop, outer));
            try {
                return work.get();
            } finally {
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
        }

        static RenderScope current() {
            return CURRENT.get();
        }

        /** Throws when this scope or one around it must stop now. */
        void check(long now) {
            if (stop.getAsBoolean()) {
                throw new RenderStoppedException(
                        "template rendering was stopped (the execution is being canceled)", false);
            }
            if (now - deadlineNanos > 0) {
                throw new RenderStoppedException(deadlineMessage, true);
            }
            if (outer != null) {
                outer.check(now);
            }
        }
    }
}
