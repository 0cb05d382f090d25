package io.reflex.testing.contract;

import static io.reflex.testing.contract.StateStoreSamples.T0;
import static io.reflex.testing.contract.StateStoreSamples.action;
import static io.reflex.testing.contract.StateStoreSamples.at;
import static io.reflex.testing.contract.StateStoreSamples.enforcement;
import static io.reflex.testing.contract.StateStoreSamples.freeForm;
import static io.reflex.testing.contract.StateStoreSamples.id;
import static io.reflex.testing.contract.StateStoreSamples.kv;
import static io.reflex.testing.contract.StateStoreSamples.rule;
import static io.reflex.testing.contract.StateStoreSamples.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reflex.core.model.Action;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.Token;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Writing and reading single records: round trips, ids, unique indexes, replace, save, delete. */
public interface StateStoreRecordsContract extends StateStoreFixture {
    @Test
    default void everyKindReadsBackEqualToWhatWasWritten() {
        for (StateStoreSamples.Sample<?> sample : StateStoreSamples.oneOfEachKind()) {
            assertReadsBack(sample);
        }
    }

    private <T extends Entity> void assertReadsBack(StateStoreSamples.Sample<T> sample) {
        Store<T> store = store(sample.kind());
        store.insert(sample.record());
        assertThat(store.get(sample.record().id()))
                .as(sample.kind().collection())
                .contains(sample.record());
        assertThat(store.find(Query.all())).as(sample.kind().collection()).containsExactly(sample.record());
    }

    @Test
    default void freeFormContentKeepsDottedKeysNumberWidthsAndNulls() {
        Rule written = store(Kinds.RULE).insert(rule(id(1), "examples", "r", "core.local"));

        Rule read = store(Kinds.RULE).get(id(1)).orElseThrow();

        assertThat(read.criteria()).isEqualTo(freeForm());
        assertThat(read.criteria().get("trigger.body.value").get("pattern").isInt())
                .isTrue();
        assertThat(read.criteria().get("big").isLong()).isTrue();
        assertThat(read.criteria().get("$ref").asText()).isEqualTo("#/definitions/x");
        assertThat(read).isEqualTo(written);
    }

    @Test
    default void instantsKeepMillisecondsFromEpochToFarFutureAndNullStaysNull() {
        Token early = token(id(1), "u", "a".repeat(32), Instant.parse("1970-01-01T00:00:00.001Z"));
        Token late = token(id(2), "u", "b".repeat(32), Instant.parse("2999-12-31T23:59:59.999Z"));
        KeyValuePair forever = kv(id(3), "k", KeyValuePair.SYSTEM, null);
        store(Kinds.TOKEN).insert(early);
        store(Kinds.TOKEN).insert(late);
        store(Kinds.KEY_VALUE_PAIR).insert(forever);

        assertThat(store(Kinds.TOKEN).get(id(1)).orElseThrow().expiry()).isEqualTo(early.expiry());
        assertThat(store(Kinds.TOKEN).get(id(2)).orElseThrow().expiry()).isEqualTo(late.expiry());
        assertThat(store(Kinds.KEY_VALUE_PAIR).get(id(3)).orElseThrow().expireTimestamp())
                .isNull();
    }

    @Test
    default void getOfAnUnknownIdIsEmpty() {
        store(Kinds.ACTION).insert(action(id(1), "core", "local"));

        assertThat(store(Kinds.ACTION).get(id(2))).isEmpty();
    }

    @Test
    default void insertingATakenIdIsRejectedNamingThatId() {
        Store<Action> actions = store(Kinds.ACTION);
        Action first = actions.insert(action(id(1), "core", "local"));

        DuplicateKeyException e =
                catchThrowableOfType(DuplicateKeyException.class, () -> actions.insert(action(id(1), "other", "name")));

        assertThat(e).isNotNull();
        assertThat(e.collection()).isEqualTo("action");
        assertThat(e.index()).isEqualTo("_id_");
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(actions.get(id(1))).contains(first);
    }

    @Test
    default void secondActionWithTheSamePackAndNameIsRejectedNamingTheFirst() {
        Store<Action> actions = store(Kinds.ACTION);
        actions.insert(action(id(1), "core", "local"));

        DuplicateKeyException e =
                catchThrowableOfType(DuplicateKeyException.class, () -> actions.insert(action(id(2), "core", "local")));

        assertThat(e).isNotNull();
        assertThat(e.index()).isEqualTo("pack_name");
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(actions.count(Filter.all())).isEqualTo(1);
    }

    @Test
    default void secondEnforcementOfTheSameRuleAndTriggerInstanceIsRejectedNamingTheFirst() {
        Store<RuleEnforcement> enforcements = store(Kinds.RULE_ENFORCEMENT);
        enforcements.insert(enforcement(id(1), id(100), id(200), T0));

        DuplicateKeyException e = catchThrowableOfType(
                DuplicateKeyException.class, () -> enforcements.insert(enforcement(id(2), id(100), id(200), at(1))));

        assertThat(e).isNotNull();
        assertThat(e.index()).isEqualTo("rule_trigger_instance");
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(enforcements.get(id(2))).isEmpty();
    }

    @Test
    default void uniqueValuesMayRepeatWhenAnyIndexedFieldDiffers() {
        store(Kinds.ACTION).insert(action(id(1), "core", "local"));
        store(Kinds.ACTION).insert(action(id(2), "linux", "local"));
        store(Kinds.ACTION).insert(action(id(3), "core", "remote"));
        store(Kinds.KEY_VALUE_PAIR).insert(kv(id(4), "k", KeyValuePair.SYSTEM, null));
        store(Kinds.KEY_VALUE_PAIR).insert(kv(id(5), "k", KeyValuePair.USER, null));
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(6), id(100), id(200), T0));
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(7), id(101), id(200), T0));

        assertThat(store(Kinds.ACTION).count(Filter.all())).isEqualTo(3);
        assertThat(store(Kinds.KEY_VALUE_PAIR).count(Filter.all())).isEqualTo(2);
        assertThat(store(Kinds.RULE_ENFORCEMENT).count(Filter.all())).isEqualTo(2);
    }

    @Test
    default void insertIfAbsentReturnsTheStoredRecordAndLeavesItUntouched() {
        Store<RuleEnforcement> enforcements = store(Kinds.RULE_ENFORCEMENT);
        RuleEnforcement first = enforcements.insert(enforcement(id(1), id(100), id(200), T0));
        RuleEnforcement redelivered = enforcement(id(1), id(100), id(200), at(5));

        RuleEnforcement stored = enforcements.insertIfAbsent(redelivered);

        assertThat(stored).isEqualTo(first);
        assertThat(enforcements.get(id(1))).contains(first);
        assertThat(enforcements.count(Filter.all())).isEqualTo(1);
    }

    @Test
    default void insertIfAbsentWritesANewRecord() {
        RuleEnforcement fresh = enforcement(id(1), id(100), id(200), T0);

        assertThat(store(Kinds.RULE_ENFORCEMENT).insertIfAbsent(fresh)).isEqualTo(fresh);
        assertThat(store(Kinds.RULE_ENFORCEMENT).get(id(1))).contains(fresh);
    }

    @Test
    default void insertIfAbsentOfANewIdWithTakenUniqueValuesIsRejected() {
        store(Kinds.RULE_ENFORCEMENT).insert(enforcement(id(1), id(100), id(200), T0));

        DuplicateKeyException e = catchThrowableOfType(
                DuplicateKeyException.class,
                () -> store(Kinds.RULE_ENFORCEMENT).insertIfAbsent(enforcement(id(2), id(100), id(200), T0)));

        assertThat(e).isNotNull();
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(store(Kinds.RULE_ENFORCEMENT).get(id(2))).isEmpty();
    }

    @Test
    default void replaceOverwritesAnExistingRecordAndWritesNothingForAnUnknownId() {
        Store<Action> actions = store(Kinds.ACTION);
        actions.insert(action(id(1), "core", "local"));
        Action renamed = action(id(1), "core", "local2");

        assertThat(actions.replace(renamed)).isTrue();
        assertThat(actions.get(id(1))).contains(renamed);
        assertThat(actions.replace(action(id(2), "core", "other"))).isFalse();
        assertThat(actions.get(id(2))).isEmpty();
    }

    @Test
    default void replaceOntoAnotherRecordsUniqueValuesIsRejectedAndKeepsBoth() {
        Store<Action> actions = store(Kinds.ACTION);
        Action first = actions.insert(action(id(1), "core", "local"));
        Action second = actions.insert(action(id(2), "core", "remote"));

        DuplicateKeyException e = catchThrowableOfType(
                DuplicateKeyException.class, () -> actions.replace(action(id(2), "core", "local")));

        assertThat(e).isNotNull();
        assertThat(e.conflictId()).isEqualTo(id(1));
        assertThat(actions.get(id(1))).contains(first);
        assertThat(actions.get(id(2))).contains(second);
    }

    @Test
    default void replaceIfWritesOnlyWhenTheStoredRecordMatchesTheCondition() {
        Store<Action> actions = store(Kinds.ACTION);
        Action original = actions.insert(action(id(1), "core", "local"));
        Action edited = action(id(1), "core", "edited");

        assertThat(actions.replaceIf(edited, Filter.eq("name", "other"))).isFalse();
        assertThat(actions.get(id(1))).contains(original);
        assertThat(actions.replaceIf(edited, Filter.and(Filter.eq("name", "local"), Filter.eq("enabled", true))))
                .isTrue();
        assertThat(actions.get(id(1))).contains(edited);
        assertThat(actions.replaceIf(action(id(9), "core", "x"), Filter.all())).isFalse();
        assertThat(actions.get(id(9))).isEmpty();
    }

    @Test
    default void saveInsertsANewRecordThenReplacesIt() {
        Store<KeyValuePair> pairs = store(Kinds.KEY_VALUE_PAIR);
        KeyValuePair first = kv(id(1), "k", KeyValuePair.SYSTEM, null);
        KeyValuePair second = kv(id(1), "k", KeyValuePair.SYSTEM, at(10));

        assertThat(pairs.save(first)).isEqualTo(first);
        assertThat(pairs.get(id(1))).contains(first);
        pairs.save(second);
        assertThat(pairs.get(id(1))).contains(second);
        assertThat(pairs.count(Filter.all())).isEqualTo(1);
    }

    @Test
    default void deleteRemovesOnceAndFreesTheUniqueValues() {
        Store<Action> actions = store(Kinds.ACTION);
        actions.insert(action(id(1), "core", "local"));

        assertThat(actions.delete(id(1))).isTrue();
        assertThat(actions.delete(id(1))).isFalse();
        assertThat(actions.get(id(1))).isEmpty();
        Action again = actions.insert(action(id(2), "core", "local"));
        assertThat(actions.get(id(2))).contains(again);
    }

    @Test
    default void storeOfAKindIsAlwaysTheSameInstanceAndExecutionsIsTheExecutionStore() {
        assertThat(stateStore().store(Kinds.ACTION)).isSameAs(stateStore().store(Kinds.ACTION));
        assertThat(stateStore().executions()).isSameAs(stateStore().executions());
        assertThat(stateStore().store(Kinds.EXECUTION)).isSameAs(stateStore().executions());
        for (var kind : Kinds.ALL) {
            assertThat(stateStore().store(kind).kind()).isEqualTo(kind);
        }
    }

    @Test
    default void healthIsUpWhileTheBackendAnswers() {
        var status = stateStore().health().check();

        assertThat(status.up()).as(status.detail()).isTrue();
        assertThat(stateStore().health().name()).isEqualTo("store");
    }
}
