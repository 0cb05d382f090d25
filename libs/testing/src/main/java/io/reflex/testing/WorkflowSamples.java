package io.reflex.testing;

/** Orquesta workflow texts that tests of the inspection (the library's and the API's) both need. */
public final class WorkflowSamples {
    private WorkflowSamples() {}

    /**
     * A workflow whose {@code task1} reads {@code ctx().foobar} before anything assigns it (a context error)
     * and whose {@code task2} gives its input as a list (a syntax error); {@code task2} moves on to
     * {@code task3} when {@code task2When} holds, and {@code moreTasks} (YAML indented by two spaces, task3
     * among them) follow.
     */
    public static String contextAndSyntaxErrors(String task2When, String moreTasks) {
        return """
                version: 1.0
                vars:
                  - macro: polo
                tasks:
                  task1:
                    action: core.local cmd=<% ctx().foobar %>
                    next:
                      - when: <% succeeded() %>
                        do:
                          - task2
                  task2:
                    action: core.local
                    input:
                        - cmd: echo <% ctx().macro %>
                    next:
                """ + "      - when: " + task2When + "\n" + "        do: task3\n" + moreTasks;
    }
}
