package io.reflex.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.model.Action;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.Kinds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index definitions derived from the catalogue, without a server. */
class PostgresSchemaTest {
    @Test
    void everyIndexOfTheCatalogueCanBeBuilt() {
        for (EntityKind<?> kind : Kinds.ALL) {
            assertThat(PostgresSchema.indexes(kind, true))
                    .as(kind.collection())
                    .hasSize(kind.indexes().size());
        }
    }

    @Test
    void everyCountOfTheCatalogueCanBeKeptAndAFreeFormFieldCannot() {
        for (EntityKind<?> kind : Kinds.ALL) {
            if (kind.counts() != null) {
                assertThat(PostgresCounts.of(kind).triggerName()).startsWith(kind.collection() + "_counts_");
            }
        }
        var kind = new EntityKind<>("odd", Action.class, List.of()).counted("parameters.x");

        assertThatThrownBy(() -> PostgresCounts.of(kind))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("counted field parameters.x of odd");
    }

    @Test
    void uniqueIndexesAreBtreesOnTypedExpressionsWithNullsNotDistinct() {
        assertThat(PostgresSchema.indexes(Kinds.ACTION, true).get(0))
                .isEqualTo("CREATE UNIQUE INDEX IF NOT EXISTS \"action_pack_name_idx\" ON \"action\""
                        + " (((doc->>'pack') COLLATE \"C\") NULLS FIRST, ((doc->>'name') COLLATE \"C\") NULLS FIRST)"
                        + " NULLS NOT DISTINCT");
        assertThat(PostgresSchema.indexes(Kinds.RULE_ENFORCEMENT, false).get(0))
                .contains("((doc->'rule'->>'id') COLLATE \"C\")")
                .doesNotContain("NULLS NOT DISTINCT");
    }

    @Test
    void listFreeFormAndDescendingPathsGetTheirOwnKindOfIndex() {
        List<String> executions = PostgresSchema.indexes(Kinds.EXECUTION, true);

        assertThat(executions)
                .contains(
                        "CREATE INDEX IF NOT EXISTS \"execution_start_timestamp_idx\" ON \"execution\""
                                + " (((doc->>'start_timestamp') COLLATE \"C\") DESC NULLS LAST, id)",
                        "CREATE INDEX IF NOT EXISTS \"execution_action_ref_idx\" ON \"execution\""
                                + " USING gin ((doc->'action') jsonb_path_ops)",
                        "CREATE INDEX IF NOT EXISTS \"execution_outbox_at_idx\" ON \"execution\""
                                + " ((reflex_min_text(doc, '$.outbox.at[*]') COLLATE \"C\") NULLS FIRST, id)");
    }

    @Test
    void aUniqueIndexOnAFreeFormPathIsRefused() {
        var kind = new EntityKind<>("odd", Action.class, List.of(IndexSpec.unique("u", "parameters.x")));

        assertThatThrownBy(() -> PostgresSchema.indexes(kind, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("index u of odd");
    }

    @Test
    void namesThatAreNotIdentifiersAreRefused() {
        assertThatThrownBy(() -> PostgresSchema.identifier("a\"; drop table x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
