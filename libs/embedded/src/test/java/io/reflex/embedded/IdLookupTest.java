package io.reflex.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdLookupTest {
    @Test
    void aCompareAndSetPinsItsIdAtTheTopLevel() {
        Document query = new Document("_id", "e1").append("status", "running").append("version", 3L);

        assertThat(IdLookup.idQuery(query)).isEqualTo(new Document("_id", "e1"));
    }

    @Test
    void anIdInOneClauseOfATopLevelAndPinsIt() {
        Document query = new Document(
                "$and",
                List.of(
                        new Document("status", new Document("$in", List.of("requested", "scheduled"))),
                        new Document("_id", "e2")));

        assertThat(IdLookup.idQuery(query)).isEqualTo(new Document("_id", "e2"));
    }

    @Test
    void anIdUnderAnOperatorOrAnOrPinsNothing() {
        assertThat(IdLookup.idQuery(new Document("_id", new Document("$in", List.of("a", "b")))))
                .isNull();
        assertThat(IdLookup.idQuery(new Document("$or", List.of(new Document("_id", "a"), new Document("x", 1)))))
                .isNull();
        assertThat(IdLookup.idQuery(new Document("status", "running"))).isNull();
        assertThat(IdLookup.idQuery(new Document("_id", null))).isNull();
        assertThat(IdLookup.idQuery(null)).isNull();
    }

    @Test
    void aNumericIdIsLeftToTheServerWhoseIndexAndMatcherWidenNumbersDifferently() {
        assertThat(IdLookup.idQuery(new Document("_id", 1))).isNull();
    }
}
