package io.reflex.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.runtime.backend.EmbeddedStore.Flavour;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import java.net.URI;
import org.junit.jupiter.api.Test;

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
    void unknownEmbeddedStoreIsAConfigurationErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddedStore.flavour(URI.create("embedded:h2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedded:postgres")
                .hasMessageContaining("embedded:mongo");
    }
}
