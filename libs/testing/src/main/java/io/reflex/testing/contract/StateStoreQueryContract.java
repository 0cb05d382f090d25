package io.reflex.testing.contract;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.enforcement;
import static io.reflex.testing.contract.StateStoreSamples.execution;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.kv;
import static io.reflex.testing.contract.StateStoreSamples.runningExecution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Action;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filters, sort orders, paging and counts, with the semantics documented on {@link Filter}. */
public interface StateStoreQueryContract extends StateStoreFixture {
    private static <T extends Entity> List<String> ids(Store<T> store, Filter filter) {
        return store.find(Query.of(filter)).stream().map(Entity::id).toList();
    }

    private static <T extends Entity> List<String> ids(Store<T> store, Query query) {
        return store.find(query).stream().map(Entity::id).toList();
    }

    /** Executions 1..5 started a minute apart; 2 and 4 running with a lease and a parent. */
    private Store<Execution> fiveExecutions() {
        Store<Execution> executions = stateStore().executions();
        for (int i = 1; i <= 5; i++) {
            String ref = i <= 3 ? "core.local" : "linux.file";
            executions.insert(i % 2 == 0 ? runningExecution(id(i), ref, at(i)) : execution(id(i), ref, at(i)));
        }
        return executions;
    }

    @Test
    default void eqMatchesTopLevelAndNestedFields() {
        Store<Execution> executions = fiveExecutions();
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(10), id(100), id(200), T0));
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(11), id(101), id(200), T0));

        assertThat(ids(executions, Filter.eq("action.ref", "core.local"))).containsExactly(id(1), id(2), id(3));
        assertThat(ids(executions, Filter.eq("status", "running"))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.eq("lease.owner", "runner-1"))).containsExactly(id(2), id(4));
        assertThat(ids(store(Kinds.RULE_ENFORCEMENT), Filter.eq("rule.id", id(101))))
                .containsExactly(id(11));
        assertThat(ids(executions, Filter.eq("action.ref", "nope"))).isEmpty();
    }

    @Test
    default void eqNullMissingAndExistsTreatAbsentAndNullAlike() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.eq("parent", null))).containsExactly(id(1), id(3), id(5));
        assertThat(ids(executions, Filter.missing("lease"))).containsExactly(id(1), id(3), id(5));
        assertThat(ids(executions, Filter.missing("no_such_field"))).hasSize(5);
        assertThat(ids(executions, Filter.exists("lease.expires_at"))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.exists("no_such_field"))).isEmpty();
    }

    @Test
    default void neMatchesOtherValuesAndAbsentFields() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.ne("parent", id(999)))).containsExactly(id(1), id(3), id(5));
        assertThat(ids(executions, Filter.ne("status", "requested"))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.ne("parent", null))).containsExactly(id(2), id(4));
    }

    @Test
    default void instantRangesAcceptInstantsAndTimestampStrings() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.gt("start_timestamp", at(3)))).containsExactly(id(4), id(5));
        assertThat(ids(executions, Filter.gte("start_timestamp", at(3)))).containsExactly(id(3), id(4), id(5));
        assertThat(ids(executions, Filter.lt("start_timestamp", at(2)))).containsExactly(id(1));
        assertThat(ids(executions, Filter.lte("start_timestamp", at(2)))).containsExactly(id(1), id(2));
        assertThat(ids(executions, Filter.eq("start_timestamp", at(2)))).containsExactly(id(2));
        assertThat(ids(executions, Filter.gte("start_timestamp", "2024-03-01T10:03:00.123000Z")))
                .containsExactly(id(3), id(4), id(5));
        assertThat(ids(executions, Filter.gt("start_timestamp", "2024-03-01 10:03:00.123Z")))
                .containsExactly(id(4), id(5));
        assertThat(ids(executions, Filter.lt("lease.expires_at", at(3)))).containsExactly(id(2));
        assertThat(ids(executions, Filter.gt("log.timestamp", at(4)))).containsExactly(id(4), id(5));
        assertThatThrownBy(() -> executions.find(Query.of(Filter.gt("start_timestamp", "yesterday"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void numberRangesCompareByValueWhateverTheWidth() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.gt("version", 1))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.gt("version", 1L))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.lt("version", 0.5))).containsExactly(id(1), id(3), id(5));
        assertThat(ids(executions, Filter.eq("version", 0.0))).containsExactly(id(1), id(3), id(5));
        assertThat(ids(executions, Filter.eq("parameters.count", 3L))).hasSize(5);
    }

    @Test
    default void stringRangesCompareByCodePoint() {
        Store<Action> actions = store(Kinds.ACTION);
        String[] names = {"Zeta", "alpha", "beta", "émile", "zulu"};
        for (int i = 0; i < names.length; i++) {
            actions.insert(action(id(i + 1), "core", names[i]));
        }

        assertThat(ids(actions, Filter.gt("name", "b"))).containsExactly(id(3), id(4), id(5));
        assertThat(ids(actions, Filter.lt("name", "a"))).containsExactly(id(1));
        assertThat(ids(actions, Filter.gt("name", "zz"))).containsExactly(id(4));
        assertThat(ids(actions, Filter.lte("ref", "core.alpha"))).containsExactly(id(1), id(2));
    }

    @Test
    default void comparisonsNeverMatchValuesOfAnotherType() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.gt("version", "0"))).isEmpty();
        assertThat(ids(executions, Filter.eq("version", "0"))).isEmpty();
        assertThat(ids(executions, Filter.gt("status", 0))).isEmpty();
        assertThat(ids(executions, Filter.lt("action.ref", T0))).isEmpty();
        assertThat(ids(executions, Filter.eq("parameters.count", "3"))).isEmpty();
        assertThat(ids(executions, Filter.gte("context.when", T0))).isEmpty();
    }

    @Test
    default void inMatchesAnyListedValueWithEnumsByWireName() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.in("status", List.of(ExecutionStatus.RUNNING, "succeeded"))))
                .containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.in("id", List.of(id(5), id(1), id(42)))))
                .containsExactly(id(1), id(5));
        assertThat(ids(executions, Filter.in("parent", List.of("x", id(999))))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.in("status", List.of()))).isEmpty();
    }

    @Test
    default void enumsAndBooleansCompareByTheirJsonForm() {
        Store<Execution> executions = fiveExecutions();
        Store<Action> actions = store(Kinds.ACTION);
        actions.insert(action(id(10), "core", "on"));
        Action off = action(id(11), "core", "off");
        actions.insert(new Action(off.id(), off.name(), off.pack(), "", false, "", "x", null, null, null, null, ""));
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(12), id(1), id(2), T0));

        assertThat(ids(executions, Filter.eq("status", ExecutionStatus.REQUESTED)))
                .containsExactly(id(1), id(3), id(5));
        assertThat(ids(actions, Filter.eq("enabled", false))).containsExactly(id(11));
        assertThat(ids(actions, Filter.eq("enabled", true))).containsExactly(id(10));
        assertThat(ids(actions, Filter.gt("enabled", false))).containsExactly(id(10));
        assertThat(ids(store(Kinds.RULE_ENFORCEMENT), Filter.eq("status", RuleEnforcement.Status.SUCCEEDED)))
                .containsExactly(id(12));
    }

    @Test
    default void startsWithIsLiteralAndCaseSensitiveOnStringsOnly() {
        Store<Action> actions = store(Kinds.ACTION);
        String[][] refs = {{"core", "local"}, {"core", "Local"}, {"corex", "l"}, {"a", "b*c"}, {"a", "bXc"}};
        for (int i = 0; i < refs.length; i++) {
            actions.insert(action(id(i + 1), refs[i][0], refs[i][1]));
        }
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(actions, Filter.startsWith("ref", "core.l"))).containsExactly(id(1));
        assertThat(ids(actions, Filter.startsWith("ref", "core"))).containsExactly(id(1), id(2), id(3));
        assertThat(ids(actions, Filter.startsWith("ref", "a.b*"))).containsExactly(id(4));
        assertThat(ids(actions, Filter.startsWith("ref", "A."))).isEmpty();
        assertThat(ids(actions, Filter.startsWith("tags.name", "tea"))).hasSize(5);
        assertThat(ids(executions, Filter.startsWith("start_timestamp", "2024")))
                .isEmpty();
        assertThat(ids(executions, Filter.startsWith("version", "0"))).isEmpty();
    }

    @Test
    default void andOrCombineAndEmptyOnesMatchEverythingOrNothing() {
        Store<Execution> executions = fiveExecutions();
        Filter runningLocal = Filter.and(Filter.eq("status", "running"), Filter.eq("action.ref", "core.local"));

        assertThat(ids(executions, runningLocal)).containsExactly(id(2));
        assertThat(ids(executions, Filter.or(runningLocal, Filter.eq("id", id(5)))))
                .containsExactly(id(2), id(5));
        assertThat(ids(executions, Filter.and(Filter.or(), Filter.all()))).isEmpty();
        assertThat(ids(executions, Filter.and(List.of(Filter.and(), Filter.all()))))
                .hasSize(5);
        assertThat(ids(executions, Filter.or())).isEmpty();
        assertThat(ids(executions, Filter.and())).hasSize(5);
    }

    @Test
    default void pathsIntoListsMatchWhenAnyElementMatches() {
        Store<Execution> executions = fiveExecutions();

        assertThat(ids(executions, Filter.eq("log.status", "scheduled"))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.eq("children", id(1001)))).containsExactly(id(2), id(4));
        assertThat(ids(executions, Filter.eq("result.items.a", 1.5))).containsExactly(id(2), id(4));
    }

    @Test
    default void sortOrdersByEveryKeyAndBreaksTiesByIdAscending() {
        Store<Action> actions = store(Kinds.ACTION);
        // inserted out of id order, so an insertion-ordered store would fail the tie-break
        actions.insert(action(id(6), "b", "x"));
        actions.insert(action(id(2), "a", "x"));
        actions.insert(action(id(5), "a", "y"));
        actions.insert(action(id(1), "b", "y"));
        actions.insert(action(id(4), "c", "x"));
        actions.insert(action(id(3), "c", "y"));

        assertThat(ids(actions, Query.all().sorted(Sort.by("name", "-pack"))))
                .containsExactly(id(4), id(6), id(2), id(3), id(1), id(5));
        assertThat(ids(actions, Query.all().sorted(Sort.by("-name", "pack"))))
                .containsExactly(id(5), id(1), id(3), id(2), id(6), id(4));
        assertThat(ids(actions, Query.all().sorted(Sort.by("runner_type"))))
                .containsExactly(id(1), id(2), id(3), id(4), id(5), id(6));
        assertThat(ids(actions, Query.all().sorted(Sort.by("-id"))))
                .containsExactly(id(6), id(5), id(4), id(3), id(2), id(1));
    }

    @Test
    default void unsortedQueriesAndFindOneFollowIdOrder() {
        Store<Action> actions = store(Kinds.ACTION);
        actions.insert(action(id(3), "core", "c"));
        actions.insert(action(id(1), "core", "a"));
        actions.insert(action(id(2), "linux", "b"));

        assertThat(ids(actions, Filter.all())).containsExactly(id(1), id(2), id(3));
        assertThat(actions.findOne(Filter.eq("pack", "core")).map(Entity::id)).contains(id(1));
        assertThat(actions.findOne(Filter.eq("pack", "nope"))).isEmpty();
    }

    @Test
    default void absentAndNullValuesSortFirstAscendingAndLastDescending() {
        Store<KeyValuePair> pairs = store(Kinds.KEY_VALUE_PAIR);
        pairs.insert(kv(id(1), "a", KeyValuePair.SYSTEM, at(5)));
        pairs.insert(kv(id(2), "b", KeyValuePair.SYSTEM, null));
        pairs.insert(kv(id(3), "c", KeyValuePair.SYSTEM, at(1)));
        pairs.insert(kv(id(4), "d", KeyValuePair.SYSTEM, null));

        assertThat(ids(pairs, Query.all().sorted(Sort.by("expire_timestamp"))))
                .containsExactly(id(2), id(4), id(3), id(1));
        assertThat(ids(pairs, Query.all().sorted(Sort.by("-expire_timestamp"))))
                .containsExactly(id(1), id(3), id(2), id(4));
    }

    @Test
    default void offsetAndLimitPageThroughTheSortedMatches() {
        Store<Execution> executions = fiveExecutions();
        Query newestFirst = Query.of(Filter.all()).sorted(Sort.by("-start_timestamp"));

        assertThat(ids(executions, newestFirst.page(0, 2))).containsExactly(id(5), id(4));
        assertThat(ids(executions, newestFirst.page(2, 2))).containsExactly(id(3), id(2));
        assertThat(ids(executions, newestFirst.page(4, 2))).containsExactly(id(1));
        assertThat(ids(executions, newestFirst.page(6, 2))).isEmpty();
        assertThat(ids(executions, newestFirst.page(3, 0))).containsExactly(id(2), id(1));
        assertThat(ids(executions, Query.of(Filter.eq("status", "requested")).page(1, 1)))
                .containsExactly(id(3));
    }

    @Test
    default void countCountsTheMatches() {
        Store<Execution> executions = fiveExecutions();

        assertThat(executions.count(Filter.all())).isEqualTo(5);
        assertThat(executions.count(Filter.eq("status", "running"))).isEqualTo(2);
        assertThat(executions.count(Filter.eq("status", "failed"))).isZero();
        assertThat(store(Kinds.TOKEN).count(Filter.all())).isZero();
    }

    @Test
    default void rangeWithoutAValueIsRejected() {
        Store<Execution> executions = fiveExecutions();

        assertThatThrownBy(() -> executions.count(Filter.gt("version", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
