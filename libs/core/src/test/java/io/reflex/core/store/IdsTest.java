package io.reflex.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void newIdsLookLikeObjectIdsAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newId();
            assertThat(Ids.isId(id)).as(id).isTrue();
            assertThat(seen.add(id)).as("duplicate %s", id).isTrue();
        }
    }

    @Test
    void derivedIdsDependOnlyOnTheirParts() {
        assertThat(Ids.derived("timer", "2026-01-01T00:00:00Z"))
                .isEqualTo(Ids.derived("timer", "2026-01-01T00:00:00Z"));
        assertThat(Ids.derived("a", "bc")).isNotEqualTo(Ids.derived("ab", "c"));
        assertThat(Ids.isId(Ids.derived("x"))).isTrue();
    }
}
