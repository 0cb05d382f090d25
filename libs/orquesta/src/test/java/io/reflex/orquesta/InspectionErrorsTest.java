package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.testing.WorkflowSamples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of error orquesta reports, in exactly the shape (message, spec path, schema path) it reports it. */
class InspectionErrorsTest {
    private static final String TASK = "properties.tasks.patternProperties.^\\w+$";
    private static final YaqlLanguage YAQL = YaqlLanguage.standard();

    static Map<String, Object> error(String message, String specPath, String schemaPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("schema_path", schemaPath);
        m.put("spec_path", specPath);
        return m;
    }

    static Map<String, Object> expr(
            String type, String expression, String message, String specPath, String schemaPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("expression", expression);
        m.putAll(error(message, specPath, schemaPath));
        return m;
    }

    @Test
    void whenThatIsNotAStringIsATypeError() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - when:
                          - foobar
                        do: task2
                  task2:
                    action: core.noop
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "syntax",
                        List.of(error(
                                "['foobar'] is not of type 'string'",
                                "tasks.task1.next[0].when",
                                TASK + ".properties.next.items.properties.when.type"))));
    }

    @Test
    void publishOfBareNamesMatchesNeitherForm() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - publish:
                          - foobar
                        do: task2
                  task2:
                    action: core.noop
                """);

        assertThat(i.grouped().get("syntax"))
                .containsExactly(error(
                        "['foobar'] is not valid under any of the given schemas",
                        "tasks.task1.next[0].publish",
                        TASK + ".properties.next.items.properties.publish.oneOf"));
    }

    @Test
    void doAsAMappingMatchesNeitherForm() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - do:
                          task2: foobar
                  task2:
                    action: core.noop
                """);

        assertThat(i.grouped().get("syntax"))
                .containsExactly(error(
                        "{'task2': 'foobar'} is not valid under any of the given schemas",
                        "tasks.task1.next[0].do",
                        TASK + ".properties.next.items.properties.do.oneOf"));
    }

    @Test
    void missingTasksIsReportedAtTheDocumentWithoutASpecPath() {
        Inspection i = Fixtures.inspect("version: 1.0\ndescription: nothing to do\n");

        assertThat(i.grouped())
                .isEqualTo(Map.of("syntax", List.of(error("'tasks' is a required property", null, "required"))));
        assertThat(i.stackstorm().get(0)).containsEntry("type", "syntax").containsEntry("spec_path", null);
    }

    @Test
    void emptyTasksShouldBeNonEmpty() {
        Inspection i = Fixtures.inspect("version: 1.0\ntasks: {}\n");

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "syntax", List.of(error("{} should be non-empty", "tasks", "properties.tasks.minProperties"))));
    }

    @Test
    void unknownKeysVersionsAndBadJoinsAreSyntaxErrors() {
        Inspection i = Fixtures.inspect("""
                version: 2.0
                colour: blue
                tasks:
                  task1:
                    action: core.noop
                    join: some
                    retry:
                      delay: -1
                    with: not an expression
                    nxt: []
                """);

        assertThat(i.grouped().get("syntax"))
                .containsExactly(
                        error(
                                "Additional properties are not allowed ('colour' was unexpected)",
                                null,
                                "additionalProperties"),
                        error(
                                "Additional properties are not allowed ('nxt' was unexpected)",
                                "tasks.task1",
                                TASK + ".additionalProperties"),
                        error(
                                "'some' is not valid under any of the given schemas",
                                "tasks.task1.join",
                                TASK + ".properties.join.oneOf"),
                        error(
                                "-1 is not valid under any of the given schemas",
                                "tasks.task1.retry.delay",
                                TASK + ".properties.retry.properties.delay.oneOf"),
                        error(
                                "'count' is a required property",
                                "tasks.task1.retry",
                                TASK + ".properties.retry.required"),
                        error(
                                "'not an expression' does not match '" + WorkflowSchema.ITEMS_PATTERN + "'",
                                "tasks.task1.with.items",
                                TASK + ".properties.with.properties.items.pattern"),
                        error("2.0 is not one of ['1.0', 1.0]", "version", "properties.version.enum"));
    }

    @Test
    void multipleKindsAreGroupedAndEachOrderedBySchemaPath() {
        Inspection i = Fixtures.inspect(WorkflowSamples.contextAndSyntaxErrors("<% <% succeeded() %>", """
                  task3:
                    action: core.noop
                """));

        assertThat(i.grouped())
                .containsExactly(
                        Map.entry(
                                "syntax",
                                List.of(error(
                                        "[{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas",
                                        "tasks.task2.input", TASK + ".properties.input.oneOf"))),
                        Map.entry(
                                "expressions",
                                List.of(expr(
                                        "yaql",
                                        "<% <% succeeded() %>",
                                        YAQL.check("<% <% succeeded() %>")
                                                .get(0)
                                                .message(),
                                        "tasks.task2.next[0].when",
                                        TASK + ".properties.next.items.properties.when"))),
                        Map.entry(
                                "context",
                                List.of(expr(
                                        "yaql",
                                        "<% ctx().foobar %>",
                                        "Variable \"foobar\" is referenced before assignment.",
                                        "tasks.task1.input",
                                        TASK + ".properties.input"))));
    }

    @Test
    void stackstormListsErrorsFlatWithTypeAndLanguageOrderedByType() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.local cmd=<% ctx().foobar %>
                    next:
                      - when: <% <% succeeded() %>
                        do: task2
                """);

        List<Map<String, Object>> st2 = i.stackstorm();
        assertThat(st2).extracting(m -> m.get("type")).containsExactly("context", "expression", "semantic");
        assertThat(st2.get(0))
                .isEqualTo(Map.of(
                        "type", "context",
                        "language", "yaql",
                        "expression", "<% ctx().foobar %>",
                        "message", "Variable \"foobar\" is referenced before assignment.",
                        "schema_path", TASK + ".properties.input",
                        "spec_path", "tasks.task1.input"));
        assertThat(st2.get(2))
                .isEqualTo(Map.of(
                        "type", "semantic",
                        "message", "The task \"task2\" is not defined.",
                        "schema_path", TASK + ".properties.next.items.properties.do",
                        "spec_path", "tasks.task1.next[0].do"));
    }

    @Test
    void undefinedTaskInDoIsASemanticError() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - do: task2
                      - when: <% failed() %>
                        do: fail, cleanup
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "semantics",
                        List.of(
                                error(
                                        "The task \"task2\" is not defined.",
                                        "tasks.task1.next[0].do",
                                        TASK + ".properties.next.items.properties.do"),
                                error(
                                        "The task \"cleanup\" is not defined.",
                                        "tasks.task1.next[1].do",
                                        TASK + ".properties.next.items.properties.do"))));
    }

    @Test
    void taskNamedLikeAnEngineCommandIsReserved() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - do: noop
                  noop:
                    action: core.noop
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "semantics",
                        List.of(error(
                                "The task name \"noop\" is reserved with special function.", "tasks.noop", TASK))));
    }

    @Test
    void joinBelowNestedForksIsUnreachable() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        do: task2, task3, task5
                  task2:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        do: task4
                  task3:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        do: task4
                  task4:
                    action: core.noop
                    next:
                      - when: <% succeeded() %>
                        do: task5
                  task5:
                    join: all
                    action: core.noop
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "semantics",
                        List.of(error(String.format(SemanticChecks.UNREACHABLE_JOIN, "task5"), "tasks.task5", TASK))));
        assertThat(SemanticChecks.UNREACHABLE_JOIN)
                .startsWith("The join task \"%s\" is unreachable. A join task is determined to be unreachable if");
    }

    @Test
    void aLoopWithoutALeadTaskHasNoStart() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                input:
                  - count: 0
                tasks:
                  task1:
                    action: core.noop
                    next:
                      - when: <% ctx().count < 2 %>
                        publish:
                          - count: <% ctx().count + 1 %>
                        do: task1
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "semantics",
                        List.of(error(
                                "Unable to identify any tasks to start the workflow. If the workflow has a loop, please"
                                        + " add a task that serves as an entry point (or lead) into the loop.",
                                "tasks",
                                "properties.tasks"))));
    }

    @Test
    void withItemsTaskNeedsAnAction() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  each:
                    with: x in <% list(1, 2) %>
                """);

        assertThat(i.grouped())
                .isEqualTo(Map.of(
                        "semantics",
                        List.of(error("The action property is required for with items task.", "tasks.each", TASK))));
    }

    @Test
    void variablesMustBeAssignedOnTheWayToTheirUse() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                input:
                  - a
                  - b: <% ctx(c) %>
                vars:
                  - c: <% ctx(a) %>
                tasks:
                  t1:
                    action: core.echo message="{{ ctx('later') }}"
                    next:
                      - publish: later=1
                        do: t2
                  t2:
                    action: core.echo message=<% ctx().later %>
                  t3:
                    action: core.echo message=<% ctx(__private) %>
                output:
                  - result: <% ctx(later) %> <% ctx(nowhere) %>
                """);

        assertThat(i.grouped().get("context"))
                .containsExactly(
                        expr(
                                "yaql",
                                "<% ctx(c) %>",
                                "Variable \"c\" is referenced before assignment.",
                                "input[1]",
                                "properties.input"),
                        expr(
                                "yaql",
                                "<% ctx(later) %> <% ctx(nowhere) %>",
                                "Variable \"nowhere\" is referenced before assignment.",
                                "output[0]",
                                "properties.output"),
                        expr(
                                "jinja",
                                "{{ ctx('later') }}",
                                "Variable \"later\" is referenced before assignment.",
                                "tasks.t1.input",
                                TASK + ".properties.input"),
                        expr(
                                "yaql",
                                "<% ctx(__private) %>",
                                "Variable \"__private\" that is prefixed with double underscores is considered a private"
                                        + " variable and cannot be referenced.",
                                "tasks.t3.input",
                                TASK + ".properties.input"),
                        expr(
                                "yaql",
                                "<% ctx(__private) %>",
                                "Variable \"__private\" is referenced before assignment.",
                                "tasks.t3.input",
                                TASK + ".properties.input"));
    }

    @Test
    void aJoinSeesWhatEveryInboundBranchPublishedAndABranchOnlyItsOwn() {
        String template = """
                version: 1.0
                tasks:
                  fork:
                    next:
                      - do: a, b
                  a:
                    next:
                      - publish: from_a=1
                        do: meet
                  b:
                    next:
                      - publish: from_b=2
                        do: meet
                  meet:
                    JOIN
                    action: core.echo message="<% ctx(from_a) %> <% ctx(from_b) %>"
                """;

        assertThat(Fixtures.inspect(template.replace("JOIN", "join: all")).clean())
                .isTrue();
        assertThat(Fixtures.inspect(template.replace("JOIN", "delay: 1"))
                        .grouped()
                        .get("context"))
                .extracting(m -> m.get("message"))
                .containsExactly(
                        "Variable \"from_b\" is referenced before assignment.",
                        "Variable \"from_a\" is referenced before assignment.");
    }

    @Test
    void yaqlMessagesAreTheParsersOwn() {
        assertThat(YAQL.check("<% 1 + %> and <% ctx(x) %>"))
                .singleElement()
                .satisfies(e -> assertThat(e.expression()).isEqualTo("<% 1 + %>"))
                .satisfies(e -> assertThat(e.message()).startsWith("Parse error"));
    }

    @Test
    void stringsMixingJinjaAndYaqlAreRefused() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  t1:
                    action: core.echo
                    input:
                      message: <% ctx(st2).user %> {{ ctx('st2') }}
                """);

        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("type", null);
        mixed.put("expression", "<% ctx(st2).user %> {{ ctx('st2') }}");
        mixed.putAll(error(
                "Expression with multiple types is not supported.", "tasks.t1.input", TASK + ".properties.input"));
        assertThat(i.grouped()).isEqualTo(Map.of("expressions", List.of(mixed)));
        assertThat(i.stackstorm().get(0)).containsEntry("language", null).containsEntry("type", "expression");
    }

    @Test
    void jinjaSyntaxErrorsNameTheExpressionAndTheWholeText() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                tasks:
                  t1:
                    action: core.echo
                    input:
                      message: "say {{ 1 + }}"
                      other: "{% if x %}no end"
                """);

        List<Map<String, Object>> errors = i.grouped().get("expressions");
        assertThat(errors)
                .extracting(m -> m.get("expression"))
                .containsExactly("say {{ 1 + }}", "{{ 1 + }}", "{% if x %}no end");
        assertThat(errors)
                .allSatisfy(
                        e -> assertThat(e).containsEntry("type", "jinja").containsEntry("spec_path", "tasks.t1.input"));
        assertThat((String) errors.get(1).get("message")).contains("position 3 of expression '1 +'");
        assertThat((String) errors.get(2).get("message")).contains("Missing end tag");
    }

    @Test
    void yaqlSyntaxErrorsAreFoundInEveryPlaceExpressionsGo() {
        Inspection i = Fixtures.inspect("""
                version: 1.0
                input:
                  - a: <% 1 + %>
                tasks:
                  t1:
                    delay: <% ) %>
                    with:
                      items: x in <% ctx(a) %>
                      concurrency: <% ctx(a) + %>
                    action: core.echo message="<% ctx(a)[ %>"
                    retry:
                      count: <% ( %>
                    next:
                      - publish: x=<% 1 2 %>
                """);

        assertThat(i.grouped().get("expressions"))
                .extracting(m -> m.get("spec_path"))
                .containsExactlyInAnyOrder(
                        "input",
                        "tasks.t1.delay",
                        "tasks.t1.with.concurrency",
                        "tasks.t1.input",
                        "tasks.t1.retry.count",
                        "tasks.t1.next[0].publish");
        assertThat(i.grouped().get("expressions")).allSatisfy(e -> assertThat(e).containsEntry("type", "yaql"));
    }

    @Test
    void somethingThatIsNoMappingIsNoWorkflow() {
        assertThatThrownBy(() -> Fixtures.inspect("just text")).isInstanceOf(WorkflowDefinitionException.class);
        assertThatThrownBy(() -> Fixtures.inspect("")).isInstanceOf(WorkflowDefinitionException.class);
        assertThatThrownBy(() -> Fixtures.inspect("- a\n- b\n")).isInstanceOf(WorkflowDefinitionException.class);
    }

    @Test
    void inspectionErrorPathLocatesTheValue() {
        InspectionError e = InspectionError.of(InspectionError.Category.SEMANTICS, "m", "tasks.t1.next[0].do", TASK);

        assertThat(e.path()).containsExactly("tasks", "t1", "next", 0, "do");
        assertThat(InspectionError.of(InspectionError.Category.SYNTAX, "m", null, "required")
                        .path())
                .isEmpty();
    }
}
