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
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.reflex.core.model.Action;
import io.reflex.core.model.ContentStamp;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writing and reading single records: round trips, ids, unique indexes, replace, save, delete; the content stamp
 * each write of cached content renews.
 */
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

    @Test
    default void everyWriteOfCachedContentRenewsTheContentStampBeforeItReturns() {
        Store<Action> actions = store(Kinds.ACTION);
        Action local = action(id(1), "core", "local");
        Map<String, Runnable> writes = new LinkedHashMap<>();
        writes.put("insert", () -> actions.insert(local));
        writes.put("replace", () -> actions.replace(local));
        writes.put("replaceIf", () -> actions.replaceIf(local, Filter.eq("name", "local")));
        writes.put("save", () -> actions.save(local));
        writes.put("delete", () -> actions.delete(local.id()));
        writes.put("insertIfAbsent", () -> actions.insertIfAbsent(local));
        writes.put("deleteMatching", () -> actions.deleteMatching(Filter.all(), 10));
        writes.put("insert of a rule", () -> store(Kinds.RULE).insert(rule(id(2), "examples", "r", "core.local")));
        writes.forEach((what, write) -> {
            String before = ContentStamp.current(stateStore());
            write.run();
            assertThat(ContentStamp.current(stateStore())).as(what).isNotEqualTo(before);
        });
    }

    @Test
    default void writesThatChangeNothingAndWritesOfOtherKindsLeaveTheContentStamp() {
        Store<Action> actions = store(Kinds.ACTION);
        Action local = actions.insert(action(id(1), "core", "local"));
        Map<String, Runnable> writes = new LinkedHashMap<>();
        writes.put("replace of an absent id", () -> actions.replace(action(id(2), "core", "other")));
        writes.put("replaceIf not matching", () -> actions.replaceIf(local, Filter.eq("name", "other")));
        writes.put("delete of an absent id", () -> actions.delete(id(3)));
        writes.put("deleteMatching of nothing", () -> actions.deleteMatching(Filter.eq("name", "none"), 10));
        writes.put("insertIfAbsent of a taken id", () -> actions.insertIfAbsent(action(id(1), "core", "other")));
        writes.put(
                "key-value insert",
                () -> store(Kinds.KEY_VALUE_PAIR).insert(kv(id(4), "k", KeyValuePair.SYSTEM, null)));
        writes.put("token insert", () -> store(Kinds.TOKEN).insert(token(id(5), "u", "c".repeat(32), T0)));
        String before = ContentStamp.current(stateStore());
        writes.forEach((what, write) -> {
            write.run();
            assertThat(ContentStamp.current(stateStore())).as(what).isEqualTo(before);
        });
    }

    @Test
    default void aBatchRenewsOnceAtItsEndWhileAnotherThreadsWriteStillRenewsAtOnce() throws Exception {
        String before = ContentStamp.current(stateStore());
        String[] seen = new String[2];
        ContentStamp.batch(() -> {
            store(Kinds.ACTION).insert(action(id(1), "core", "local"));
            store(Kinds.RULE).insert(rule(id(2), "examples", "r", "core.local"));
            seen[0] = ContentStamp.current(stateStore());
            Thread other = Thread.ofVirtual().start(() -> store(Kinds.ACTION).insert(action(id(3), "core", "other")));
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            seen[1] = ContentStamp.current(stateStore());
        });
        assertThat(seen[0]).as("inside the batch").isEqualTo(before);
        assertThat(seen[1]).as("after another thread's write").isNotEqualTo(before);
        assertThat(ContentStamp.current(stateStore())).as("after the batch").isNotIn(before, seen[1]);
    }

    @Test
    default void aBatchThatFailsStillRenewsForWhatItWrote() {
        String before = ContentStamp.current(stateStore());
        IllegalStateException failure = new IllegalStateException("registration failed");
        Throwable thrown = catchThrowable(() -> ContentStamp.batch(() -> {
            store(Kinds.ACTION).insert(action(id(1), "core", "local"));
            throw failure;
        }));
        assertThat(thrown).isSameAs(failure);
        assertThat(ContentStamp.current(stateStore())).isNotEqualTo(before);
    }
}
