package io.reflex.postgres;

import io.reflex.testing.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of its own for a test class ({@code @RegisterExtension static}) and a fresh schema whenever a
 * test asks for one; the stores opened through it are closed after each test, the database is dropped after
 * the class.
 */
final class PostgresSchemas implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final String prefix;
    private final AtomicInteger schemas = new AtomicInteger();
    private final List<PostgresStateStore> opened = new ArrayList<>();
    private PostgresDatabase database;

    PostgresSchemas(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = PostgresDatabase.create();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (opened) {
            opened.forEach(PostgresStateStore::close);
            opened.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.close();
        }
    }

    PostgresDatabase database() {
        return database;
    }

    /** A schema name no test of the class has used yet. */
    String newSchema() {
        return prefix + "_" + schemas.incrementAndGet();
    }

    /** The store URI of {@code schema} in the class's database. */
    String uri(String schema) {
        return database.uri("schema=" + schema);
    }

    /** A store on {@code schema}, closed after the test. */
    PostgresStateStore open(String schema) {
        PostgresStateStore store = PostgresStateStore.connect(uri(schema));
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }
}
