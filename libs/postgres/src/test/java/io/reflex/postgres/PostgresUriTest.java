package io.reflex.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUriTest {
    @Test
    void userPasswordHostPortAndDatabaseBecomeAJdbcUrlAndCredentials() {
        PostgresUri uri = PostgresUri.parse("postgresql://reflex:s%40cret@db1:6543/prod");

        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:6543/prod");
        assertThat(uri.user()).isEqualTo("reflex");
        assertThat(uri.password()).isEqualTo("s@cret");
        assertThat(uri.database()).isEqualTo("prod");
        assertThat(uri.schema()).isNull();
        assertThat(uri.poolSize()).isEqualTo(PostgresUri.DEFAULT_POOL_SIZE);
    }

    @Test
    void severalHostsAndDriverOptionsPassThroughAndReflexOptionsAreTakenOut() {
        PostgresUri uri = PostgresUri.parse(
                "postgres://u@db1:5432,db2:5432/reflex?targetServerType=primary&schema=tenant_a&pool_size=4");

        assertThat(uri.hosts()).containsExactly("db1:5432", "db2:5432");
        assertThat(uri.jdbcUrl())
                .isEqualTo(
                        "jdbc:postgresql://db1:5432,db2:5432/reflex?targetServerType=primary&currentSchema=tenant_a");
        assertThat(uri.schema()).isEqualTo("tenant_a");
        assertThat(uri.poolSize()).isEqualTo(4);
        assertThat(uri.password()).isNull();
    }

    @Test
    void aUriWithoutDatabaseUsesReflex() {
        assertThat(PostgresUri.parse("postgresql://localhost").database()).isEqualTo("reflex");
        assertThat(PostgresUri.parse("postgresql://localhost/?sslmode=require").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/reflex?sslmode=require");
    }

    @Test
    void malformedUrisAreRejectedWithoutShowingThePassword() {
        assertThatThrownBy(() -> PostgresUri.parse("mysql://u:pw@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mysql://u:***@h/db");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://u:pw@/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no host");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/db?schema=a;drop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid PostgreSQL name");
        assertThatThrownBy(() -> PostgresUri.parse("postgresql://h/db?pool_size=0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
