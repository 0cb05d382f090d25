package io.reflex.rbac;

import static io.reflex.testing.contract.StateStoreSamples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Filter;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The execution-access rule the api and the stream share: lookup, inherited permissions, secret values. */
class ExecutionAccessTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Principal ADMIN = user("root");
    private static final Principal VIEWER = user("viewer");
    private static final Principal OPERATOR = user("op");
    private static final Principal AUDITOR = user("auditor");
    private static final Principal NOBODY = user("nobody");

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final ExecutionAccess access =
            new ExecutionAccess(store, authorizer(), new ExecutionViews.Options(true, "https://ui.example"));

    private static Principal user(String name) {
        return new Principal(name, "token", null);
    }

    private static RoleBasedAuthorizer authorizer() {
        Map<String, Role> roles = new HashMap<>(RbacDefinitions.systemOnly().roles());
        roles.put("viewer", role("viewer", new Role.Grant("action:linux:check", Set.of("action_view"))));
        roles.put("operator", role("operator", new Role.Grant("pack:linux", Set.of("action_execute"))));
        roles.put("auditor", role("auditor", new Role.Grant("execution:e1", Set.of("execution_view"))));
        RbacDefinitions definitions = new RbacDefinitions(
                roles, Map.of("viewer", Set.of("viewer"), "op", Set.of("operator"), "auditor", Set.of("auditor")));
        return new RoleBasedAuthorizer(definitions, Map.of("root", Set.of("system_admin")));
    }

    private static Role role(String name, Role.Grant grant) {
        return new Role(name, "", false, true, List.of(grant));
    }

    private static Execution execution(String id, Instant start) {
        Action action = new Action(
                "a1",
                "check",
                "linux",
                null,
                true,
                null,
                "local-shell-cmd",
                json("{'password': {'type': 'string', 'secret': true}, 'host': {'type': 'string'}}"),
                null,
                null,
                null,
                null);
        RunnerType runner = new RunnerType(
                "r1",
                "local-shell-cmd",
                null,
                true,
                null,
                null,
                Json.object().set("sudo_password", Json.object().put("secret", true)),
                null,
                null);
        return Execution.request(
                id,
                ExecutionStatus.REQUESTED,
                start,
                action,
                runner,
                Json.object()
                        .put("password", "hunter2")
                        .put("host", "db1")
                        .put("sudo_password", "s3cret")
                        .putNull("unset"));
    }

    @Test
    void actionViewGivesExecutionViewButNotStop() {
        Execution e = execution("e1", T0);
        access.require(VIEWER, "execution_view", e);
        assertThatThrownBy(() -> access.require(VIEWER, "execution_stop", e))
                .isInstanceOf(ApiException.class)
                .hasMessage("User \"viewer\" doesn't have required permission \"execution_stop\" on resource"
                        + " \"execution:e1\"");
    }

    @Test
    void actionExecuteOnThePackGivesStopAndRerun() {
        Execution e = execution("e1", T0);
        access.require(OPERATOR, "execution_stop", e);
        access.require(OPERATOR, "execution_rerun", e);
        assertThatThrownBy(() -> access.require(NOBODY, "execution_stop", e)).isInstanceOf(ApiException.class);
    }

    @Test
    void aGrantOnTheExecutionItselfCountsForThatExecutionOnly() {
        access.require(AUDITOR, "execution_view", execution("e1", T0));
        assertThatThrownBy(() -> access.require(AUDITOR, "execution_view", execution("e2", T0)))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> access.require(NOBODY, "execution_view", execution("e1", T0)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void permissionsAreCheckedOnTheExecutionThenItsActionThenItsPack() {
        assertThat(ExecutionAccess.uids(execution("e1", T0)))
                .containsExactly("execution:e1", "action:linux:check", "pack:linux");
    }

    @Test
    void lastIsTheMostRecentlyStartedExecution() {
        assertThatThrownBy(() -> access.find("last"))
                .isInstanceOf(ApiException.class)
                .hasMessage("No executions found in the database");
        store.executions().insert(execution("e1", T0.plusSeconds(5)));
        store.executions().insert(execution("e2", T0));
        assertThat(access.find("last").id()).isEqualTo("e1");
        assertThat(access.find("e2").id()).isEqualTo("e2");
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertThatThrownBy(() -> access.find("nope"))
                .isInstanceOf(ApiException.class)
                .hasMessage("Unable to identify resource with id \"nope\".");
    }

    @Test
    void secretValuesAreTheSetScalarsTheActionOrRunnerMarksSecret() {
        assertThat(ExecutionAccess.secretValues(execution("e1", T0))).containsExactlyInAnyOrder("hunter2", "s3cret");
    }

    @Test
    void onlyAdministratorsAskingSeeSecretsUnmasked() {
        assertThat(access.masked(ADMIN, true)).isFalse();
        assertThat(access.masked(ADMIN, false)).isTrue();
        assertThat(access.masked(VIEWER, true)).isTrue();
        var unmasking = new ExecutionAccess(store, authorizer(), new ExecutionViews.Options(false, ""));
        assertThat(unmasking.masked(VIEWER, false)).isFalse();
    }

    @Test
    void aResultStoredOutOfLineIsReadBackWholeAndALostOneShowsTheStub() {
        JsonNode big = Json.object().put("stdout", "x".repeat(500));
        JsonNode stub = new ExecutionResults(store, 64).storable("e1", big);
        store.executions().insert(execution("e1", T0).withResult(stub));
        assertThat(access.findWhole("e1").result()).isEqualTo(big);

        store.store(ExecutionResults.KIND).deleteMatching(Filter.all(), Integer.MAX_VALUE);
        assertThat(access.findWhole("e1").result()).isEqualTo(stub);
    }
}
