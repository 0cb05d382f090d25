package io.reflex.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.Query;
import io.reflex.core.store.RecordSchemas;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreCommandEvent;
import io.reflex.core.store.StoreException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of one kind in one table. Every write is one statement in its own transaction, so each is
 * atomic: {@link #replaceIf} is {@code UPDATE ... WHERE id = ? AND <condition>}, which PostgreSQL
 * re-checks on the newest row version after waiting for a concurrent writer of the same row (READ
 * COMMITTED), so of several compare-and-sets from the same version exactly one changes a row. Reads are
 * tried a second time on a fresh connection when the first one broke.
 */
class PostgresStore<T extends Entity> implements Store<T> {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    private final EntityKind<T> kind;
    private final DataSource pool;
    private final String table;
    private final PostgresQueries queries;
    private final PostgresErrors errors;
    private final PostgresCounts counts;

    PostgresStore(EntityKind<T> kind, DataSource pool) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.table = PostgresSchema.table(kind);
        this.queries = new PostgresQueries(kind.type(), PostgresSchema.ginHeads(kind));
        this.errors = new PostgresErrors(kind);
        this.counts = PostgresCounts.of(kind);
    }

    @Override
    public EntityKind<T> kind() {
        return kind;
    }

    @Override
    public T insert(T entity) {
        String doc = encode(entity);
        try {
            update("insert", "INSERT INTO " + table + " (id, doc) VALUES (?, ?::jsonb)", List.of(entity.id(), doc));
            return entity;
        } catch (SQLException e) {
            throw translate("insert", entity, e);
        }
    }

    @Override
    public T insertIfAbsent(T entity) {
        String doc = encode(entity);
        try {
            int inserted = update(
                    "insertIfAbsent",
                    "INSERT INTO " + table + " (id, doc) VALUES (?, ?::jsonb) ON CONFLICT (id) DO NOTHING",
                    List.of(entity.id(), doc));
            if (inserted == 1) {
                return entity;
            }
        } catch (SQLException e) {
            RuntimeException failed = translate("insert", entity, e);
            // The arbiter is the id: a concurrent insert of this very record can meet it first at another unique
            // index, which then names this record's own values. The record stored under the id is the answer.
            Optional<T> stored = failed instanceof DuplicateKeyException ? get(entity.id()) : Optional.empty();
            return stored.orElseThrow(() -> failed);
        }
        return get(entity.id()).orElseThrow(() -> errors.duplicate(PostgresErrors.ID_INDEX, entity.id()));
    }

    @Override
    public Optional<T> get(String id) {
        Sql sql = new Sql().append("SELECT doc FROM " + table + " WHERE id = ").param(Objects.requireNonNull(id, "id"));
        return select("get", sql).stream().findFirst();
    }

    @Override
    public Optional<T> findOne(Filter filter) {
        Sql sql = new Sql().append("SELECT doc FROM " + table + " WHERE ");
        queries.where(filter, sql);
        sql.append(" ORDER BY id LIMIT 1");
        return select("find", sql).stream().findFirst();
    }

    @Override
    public List<T> find(Query query) {
        return select("find", findSql(query));
    }

    /** The statement {@link #find} runs (tests check its plan). */
    Sql findSql(Query query) {
        Sql sql = new Sql().append("SELECT doc FROM " + table + " WHERE ");
        queries.where(query.filter(), sql);
        queries.orderBy(query.sort(), sql);
        if (query.limit() > 0) {
            sql.append(" LIMIT ").param(query.limit());
        }
        if (query.offset() > 0) {
            sql.append(" OFFSET ").param(query.offset());
        }
        return sql;
    }

    @Override
    public long count(Filter filter) {
        Sql sql = countSql(filter);
        return read("count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
                sql.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** The statement {@link #count} runs: the kept counts when they answer the filter, else a count of rows. */
    Sql countSql(Filter filter) {
        Sql kept = counts == null ? null : counts.count(filter);
        if (kept != null) {
            return kept;
        }
        Sql sql = new Sql().append("SELECT count(*) FROM " + table + " WHERE ");
        queries.where(filter, sql);
        return sql;
    }

    @Override
    public boolean replace(T entity) {
        return replaceWhere(entity, Filter.all());
    }

    @Override
    public boolean replaceIf(T entity, Filter condition) {
        return replaceWhere(entity, condition);
    }

    private boolean replaceWhere(T entity, Filter condition) {
        Sql sql = replaceSql(entity, Filter.and(condition, RecordSchemas.writable(kind.type())));
        boolean replaced;
        try {
            replaced = update("replace", sql.text(), sql.params()) > 0;
        } catch (SQLException e) {
            throw translate("replace", entity, e);
        }
        if (!replaced) {
            RecordSchemas.refuseIfNewer(this, entity.id());
        }
        return replaced;
    }

    /**
     * One JDBC batch when the statements are alike (one round trip, one transaction: a failure writes none of
     * them), else one after the other.
     */
    @Override
    public boolean[] replaceAllIf(List<T> entities, List<Filter> conditions) {
        if (entities.size() != conditions.size()) {
            throw new IllegalArgumentException(entities.size() + " records, " + conditions.size() + " conditions");
        }
        if (entities.size() < 2) {
            return entities.isEmpty() ? new boolean[0] : new boolean[] {replaceIf(entities.get(0), conditions.get(0))};
        }
        List<Sql> statements = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            statements.add(
                    replaceSql(entities.get(i), Filter.and(conditions.get(i), RecordSchemas.writable(kind.type()))));
        }
        String text = statements.getFirst().text();
        boolean[] replaced = new boolean[entities.size()];
        if (statements.stream().anyMatch(s -> !s.text().equals(text))) {
            for (int i = 0; i < replaced.length; i++) {
                replaced[i] = replaceIf(entities.get(i), conditions.get(i));
            }
            return replaced;
        }
        StoreCommandEvent.record("replaceAll", kind.collection());
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(text)) {
            for (Sql sql : statements) {
                sql.bind(statement);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < replaced.length; i++) {
                replaced[i] = counts[i] > 0;
            }
        } catch (SQLException e) {
            throw errors.failure("replaceAll", e);
        }
        for (int i = 0; i < replaced.length; i++) {
            if (!replaced[i]) {
                RecordSchemas.refuseIfNewer(this, entities.get(i).id());
            }
        }
        return replaced;
    }

    /** The statement {@link #replaceIf} runs (tests check its plan). */
    Sql replaceSql(T entity, Filter condition) {
        Sql sql = new Sql()
                .append("UPDATE " + table + " SET doc = ")
                .jsonb(encode(entity))
                .append(" WHERE id = ")
                .param(entity.id());
        if (!(condition instanceof Filter.All)) {
            sql.append(" AND ");
            queries.where(condition, sql);
        }
        return sql;
    }

    @Override
    public T save(T entity) {
        RecordSchemas.refuseIfNewer(this, entity.id());
        try {
            update(
                    "save",
                    "INSERT INTO " + table + " (id, doc) VALUES (?, ?::jsonb)"
                            + " ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc",
                    List.of(entity.id(), encode(entity)));
            return entity;
        } catch (SQLException e) {
            throw translate("save", entity, e);
        }
    }

    @Override
    public boolean delete(String id) {
        try {
            return update("delete", "DELETE FROM " + table + " WHERE id = ?", List.of(Objects.requireNonNull(id, "id")))
                    > 0;
        } catch (SQLException e) {
            throw errors.failure("delete", e);
        }
    }

    /**
     * One statement: the lowest {@code limit} matching ids, deleted if they still match, so memory and the
     * transaction stay bounded by {@code limit} however large the backlog.
     */
    @Override
    public long deleteMatching(Filter filter, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("deleteMatching limit must be > 0, was " + limit);
        }
        Sql sql = new Sql().append("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE ");
        queries.where(filter, sql);
        sql.append(" ORDER BY id LIMIT ").param(limit).append(") AND ");
        queries.where(filter, sql);
        try {
            return update("deleteMatching", sql.text(), sql.params());
        } catch (SQLException e) {
            throw errors.failure("deleteMatching", e);
        }
    }

    private List<T> select(String operation, Sql sql) {
        return read(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
                sql.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(decode(rows.getString(1)));
                    }
                    return out;
                }
            }
        });
    }

    private int update(String operation, String sql, List<Object> params) throws SQLException {
        StoreCommandEvent.record(operation, kind.collection());
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, params);
            return statement.executeUpdate();
        }
    }

    @FunctionalInterface
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Runs a read, once more when the first attempt failed for a transient reason. */
    private <R> R read(String operation, Work<R> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                StoreCommandEvent.record(operation, kind.collection());
                return work.run(connection);
            } catch (SQLException e) {
                if (attempt > 1 || !PostgresErrors.isTransient(e)) {
                    throw errors.failure(operation, e);
                }
                log.warn(
                        "store read retried collection={} operation={} error={}",
                        kind.collection(),
                        operation,
                        e.toString());
            }
        }
    }

    private StoreException translate(String operation, T entity, SQLException e) {
        if (!PostgresErrors.isUniqueViolation(e)) {
            return errors.failure(operation, e);
        }
        String index = errors.violatedIndex(e);
        if (PostgresErrors.ID_INDEX.equals(index)) {
            return errors.duplicate(index, entity.id());
        }
        JsonNode doc = Json.tree(entity);
        for (IndexSpec spec : kind.uniqueIndexes()) {
            if (index == null || spec.name().equals(index)) {
                String holder = holder(spec, doc, entity.id());
                if (holder != null) {
                    return errors.duplicate(spec.name(), holder);
                }
            }
        }
        return errors.duplicate(index, null);
    }

    /** The id of another record holding {@code doc}'s values of {@code spec}, or null. */
    private String holder(IndexSpec spec, JsonNode doc, String id) {
        List<Filter> same = new ArrayList<>();
        same.add(Filter.ne("id", id));
        for (String field : spec.fields()) {
            String path = field.startsWith("-") ? field.substring(1) : field;
            JsonNode value = doc.at("/" + path.replace(".", "/"));
            same.add(Filter.eq(
                    path,
                    value.isMissingNode() || value.isNull()
                            ? null
                            : Json.mapper().convertValue(value, Object.class)));
        }
        try {
            return findOne(Filter.and(same)).map(Entity::id).orElse(null);
        } catch (StoreException | IllegalArgumentException lookupFailed) {
            log.warn(
                    "duplicate key holder lookup failed collection={} index={} reason={}",
                    kind.collection(),
                    spec.name(),
                    lookupFailed.toString());
            return null;
        }
    }

    private static String encode(Entity entity) {
        if (RecordSchemas.stamped(entity.getClass())) {
            return Json.write(RecordSchemas.stamp(Json.mapper().valueToTree(entity), entity.getClass()));
        }
        return Json.write(entity);
    }

    /**
     * @throws IllegalStateException when the stored document does not fit the record type
     */
    private T decode(String doc) {
        try {
            return Json.read(doc, kind.type());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "stored document in " + kind.collection() + " is not a valid "
                            + kind.type().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }
}
