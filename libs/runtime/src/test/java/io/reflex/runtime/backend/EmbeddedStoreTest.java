package io.reflex.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.embedded.EmbeddedMongo;
import io.reflex.runtime.backend.EmbeddedStore.Flavour;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {
    @Test
    void bareEmbeddedMeansTheDefaultWhichIsPostgres() {
        assertThat(EmbeddedStore.flavour(ConfigKeys.STORE_URI.type().parse("embedded:")))
                .isEqualTo(Flavour.DEFAULT)
                .isEqualTo(Flavour.POSTGRES);
    }

    @Test
    void eachEmbeddedStoreHasAnExplicitName() {
        assertThat(EmbeddedStore.flavour(URI.create("embedded:postgres"))).isEqualTo(Flavour.POSTGRES);
        assertThat(EmbeddedStore.flavour(URI.create("embedded:mongo"))).isEqualTo(Flavour.MONGO);
    }

    @Test
    void bareEmbeddedOnADataDirOfTheOldDefaultKeepsItsMongoStore(@TempDir Path dir) throws Exception {
        EmbeddedMongo.start(dir).close(); // leaves store/reflex.mv, as mongo-java-server's default did
        try (EmbeddedStore store =
                EmbeddedStore.start(ConfigKeys.STORE_URI.type().parse("embedded:"), dir)) {
            assertThat(store.flavour()).isEqualTo(Flavour.MONGO);
            assertThat(store.uri()).startsWith("mongodb://");
        }
    }

    @Test
    void unknownEmbeddedStoreIsAConfigurationErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddedStore.flavour(URI.create("embedded:h2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedded:postgres")
                .hasMessageContaining("embedded:mongo");
    }
}
