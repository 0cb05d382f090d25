package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.orquesta.InspectionError.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The entry point: reads orquesta workflow definitions ({@link #read}), inspects them the way orquesta and
 * StackStorm do ({@link #inspect}) and computes their task graph ({@link #graph}). The definition comes
 * already loaded from YAML (any safe, located YAML loader; see the content module). Thread-safe.
 */
public final class Workflows {
    /** What StackStorm's runtime context provides to every workflow: {@code ctx(st2)}. */
    public static final Set<String> STACKSTORM_CONTEXT = Set.of("st2");

    private final Expressions expressions;

    /** Jinja and YAQL, each with its standard library. */
    public static Workflows standard() {
        return new Workflows(List.of(new JinjaLanguage(), YaqlLanguage.standard()));
    }

    /** @param languages the expression languages, Jinja then YAQL (the order orquesta knows them in) */
    public Workflows(List<ExpressionLanguage> languages) {
        this.expressions = new Expressions(languages);
    }

    /**
     * The workflow {@code root} defines, read leniently (see {@link WorkflowSpec}).
     *
     * @throws WorkflowDefinitionException when {@code root} is empty or not a mapping
     */
    public WorkflowSpec read(JsonNode root) {
        return SpecReader.read(SpecReader.normalized(
                root == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : root));
    }

    /**
     * Inspects {@code root} as StackStorm does before running a workflow: its syntax (the schema), its
     * semantics, the syntax of its expressions and the variables they read, where {@code known} are the
     * names the runtime context provides ({@link #STACKSTORM_CONTEXT}).
     *
     * @throws WorkflowDefinitionException when {@code root} is empty or not a mapping
     */
    public Inspection inspect(JsonNode root, Set<String> known) {
        JsonNode normalized =
                SpecReader.normalized(root == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : root);
        WorkflowSpec spec = SpecReader.read(normalized);
        TaskMap map = new TaskMap(spec);
        List<InspectionError> errors = new ArrayList<>();
        errors.addAll(Inspection.ordered(syntax(normalized)));
        errors.addAll(Inspection.ordered(SemanticChecks.check(map)));
        errors.addAll(Inspection.ordered(ExpressionChecks.check(normalized, spec, expressions)));
        errors.addAll(Inspection.ordered(ContextChecks.check(normalized, spec, map, expressions, known)));
        return new Inspection(errors);
    }

    /**
     * {@link #inspect(JsonNode, Set)} plus StackStorm's checks of the actions the tasks call against
     * {@code actions} (errors of type {@code content}): what {@code POST /api/v1/workflows/inspect} answers.
     */
    public Inspection inspect(JsonNode root, Set<String> known, ActionCatalog actions) {
        Inspection orquesta = inspect(root, known);
        List<InspectionError> errors = new ArrayList<>(orquesta.errors());
        errors.addAll(ContentChecks.check(read(root), expressions, actions));
        return new Inspection(errors);
    }

    /** The task graph of a workflow (see {@link WorkflowGraph}). */
    public WorkflowGraph graph(WorkflowSpec spec) {
        return GraphBuilder.build(new TaskMap(spec));
    }

    private static List<InspectionError> syntax(JsonNode root) {
        List<InspectionError> out = new ArrayList<>();
        for (JsonSchema.Violation v : WorkflowSchema.SCHEMA.validate(root)) {
            out.add(InspectionError.of(
                    Category.SYNTAX,
                    PyText.unicodeEscape(v.message()),
                    specPath(v.path()),
                    String.join(".", v.schemaPath())));
        }
        return out;
    }

    /** orquesta's spec path: keys joined by dots, indexes in brackets; null for the document itself. */
    static String specPath(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(p);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
