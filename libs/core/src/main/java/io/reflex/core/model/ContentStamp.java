package io.reflex.core.model;

import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One stored value that changes whenever content a service caches changes: rules, triggers, trigger types,
 * actions, runner types, packs and policies ({@link #STAMPED}). A rules engine reads it before it uses its cache
 * for a trigger instance (the rules on the trigger and the actions they run) and drops what it loaded under
 * another stamp, the api's trigger catalogue does the same for a webhook, and an action runner for the policies
 * of an action ({@link Cache}). A message may carry the stamp its sender read, so that the receiver need not read
 * it again ({@link Cache#get}).
 *
 * <p>The renewal is the store's rule, not its callers': every {@link StateStore} hands out the stores of the
 * stamped kinds wrapped by {@link #renewedOnWrite}, which renews the stamp after each write that changed
 * something, before the write returns. So whatever writes content (the api, pack registration, a sensor
 * registering its triggers, a writer added later), a trigger instance sent after the write is acknowledged (a
 * webhook right after {@code st2 rule enable} or {@code st2 action disable}) meets the changed content, on every
 * node, with no message that could be lost or arrive late. A writer of many records at once (registration)
 * runs them in {@link #batch}, which renews once at its end. A write whose outcome is unknown (the store failed
 * mid-write) renews nothing; the caches' own bound ({@code rulesengine.rules_cache_ttl}) covers it.
 *
 * <p>There is exactly one record ({@link #ID}); its collection keeps the name it had when only rules were
 * stamped ({@code rules_stamp}), so nodes of the previous version read and renew the same record while a
 * cluster is upgraded one node at a time.
 */
public record ContentStamp(String id, String stamp) implements Entity {
    public static final String ID = "rules";

    /** The kinds whose writes renew the stamp: what the caches that read it load. */
    public static final Set<EntityKind<?>> STAMPED = Set.of(
            Kinds.RULE, Kinds.TRIGGER, Kinds.TRIGGER_TYPE, Kinds.ACTION, Kinds.RUNNER_TYPE, Kinds.PACK, Kinds.POLICY);

    /** The state stores with writes waiting for the renewal at the end of this thread's {@link #batch}. */
    private static final ThreadLocal<Set<StateStore>> BATCH = new ThreadLocal<>();

    public ContentStamp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stamp, "stamp");
    }

    /**
     * Stores a new stamp now. Writes through a {@link StateStore}'s stores renew it themselves; this is for a
     * change the stamp must cover that is not such a write. Blocks on the store.
     */
    public static void renew(StateStore store) {
        store.store(Kinds.CONTENT_STAMP).save(new ContentStamp(ID, Ids.newId()));
    }

    /**
     * {@code store}, wrapped so that each of its writes that changed something renews the stamp of {@code owner}
     * before it returns, when its kind is {@link #STAMPED}; any other store unchanged. Every {@link StateStore}
     * hands out its stores through this.
     */
    public static <T extends Entity> Store<T> renewedOnWrite(StateStore owner, Store<T> store) {
        return STAMPED.contains(store.kind()) ? new Renewing<>(owner, store) : store;
    }

    /**
     * Runs {@code writes} with one renewal at their end instead of one per write, for a writer of many records
     * at once (pack registration writes thousands). Only the calling thread's writes wait, so a write another
     * thread acknowledges meanwhile still renews before it returns. The renewal happens even when {@code writes}
     * throws, for what they wrote before; a batch inside a batch joins it.
     */
    public static <R> R batch(Supplier<R> writes) {
        if (BATCH.get() != null) {
            return writes.get();
        }
        Set<StateStore> changed = new LinkedHashSet<>();
        BATCH.set(changed);
        Throwable failed = null;
        try {
            return writes.get();
        } catch (RuntimeException | Error e) {
            failed = e;
            throw e;
        } finally {
            BATCH.remove();
            for (StateStore store : changed) {
                try {
                    renew(store);
                } catch (RuntimeException e) {
                    if (failed == null) {
                        throw e;
                    }
                    failed.addSuppressed(e);
                }
            }
        }
    }

    /** {@link #batch(Supplier)} for writes with no result. */
    public static void batch(Runnable writes) {
        batch(() -> {
            writes.run();
            return null;
        });
    }

    private static void changed(StateStore owner) {
        Set<StateStore> batch = BATCH.get();
        if (batch != null) {
            batch.add(owner);
        } else {
            renew(owner);
        }
    }

    /** The current stamp, {@code ""} before the first renewal. Blocks on the store. */
    public static String current(StateStore store) {
        return store.store(Kinds.CONTENT_STAMP).get(ID).map(ContentStamp::stamp).orElse("");
    }

    /**
     * Reads of the current stamp shared among concurrent callers without weakening what a caller sees: {@link
     * #current()} answers with a read of the store that <em>began after the call did</em>, so every renewal
     * stored before the call is in it, exactly as with a read of its own. Callers that arrive while a read is
     * in flight wait for the next one, which one of them makes for all (as a group commit does): under load,
     * one store read serves every trigger instance or webhook that arrived during the previous read, instead
     * of one read each. A caller alone reads alone, as before. A failed read is thrown to its reader; the
     * callers waiting on it read again. Blocks on the store; safe from any number of threads (virtual threads
     * wait on a {@link ReentrantLock}, never pinning their carrier).
     */
    public static final class Reads {
        private final Supplier<String> read;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readDone = lock.newCondition();
        private long started; // reads begun; the n-th read has sequence number n
        private long newest; // sequence number of the newest read that completed
        private String newestStamp = "";
        private boolean reading;

        /** @param read one read of the stamp from the store, e.g. {@code () -> ContentStamp.current(store)} */
        public Reads(Supplier<String> read) {
            this.read = Objects.requireNonNull(read, "read");
        }

        public Reads(StateStore store) {
            this(() -> ContentStamp.current(store));
        }

        /** The stamp as read by a store read that began after this call: see the class comment. */
        public String current() {
            long seq;
            lock.lock();
            try {
                long needed = started + 1; // a read that begins from now on
                while (true) {
                    if (newest >= needed) {
                        return newestStamp;
                    }
                    if (!reading) {
                        reading = true;
                        seq = ++started;
                        break;
                    }
                    readDone.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
            String stamp = null;
            try {
                stamp = read.get();
                return stamp;
            } finally {
                lock.lock();
                try {
                    if (stamp != null && seq > newest) {
                        newest = seq;
                        newestStamp = stamp;
                    }
                    reading = false;
                    readDone.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Values loaded from stamped content, by key, each reused while the stored stamp is the one it was loaded under
     * and for at most {@code ttl} (which bounds staleness after writes that bypass Reflex, a database edit). A
     * value is therefore as new as every content write that completed before the lookup: the stamp is read
     * first ({@link Reads}, shared by concurrent lookups), and a value loaded under another stamp is loaded again.
     * A lookup may instead name the stamp its message's sender read after the event the message tells of (a
     * webhook, a trigger instance): a value loaded under that very stamp is as new as every write that completed
     * before that event, and is used without reading the stamp. Two threads may load one key at once; that costs
     * a load, never correctness. Blocks on the store when it reads or loads.
     */
    public static final class Cache<V> {
        private record Entry<V>(V value, String stamp, long loadedAt) {}

        private final Reads stamps;
        private final long ttlNanos;
        private final LongSupplier nanoTime;
        private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

        public Cache(StateStore store, Duration ttl, LongSupplier nanoTime) {
            this.stamps = new Reads(store);
            this.ttlNanos = ttl.toNanos();
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        }

        /**
         * The value of {@code key}, as new as every content write that completed before this call, or, when
         * {@code sent} is not null, before the sender read {@code sent}.
         *
         * @param load loads the value of a key; given the key and the stamp it is loaded under
         */
        public V get(String key, String sent, BiFunction<String, String, V> load) {
            Entry<V> e = entries.get(key);
            if (sent != null && e != null && e.stamp().equals(sent) && fresh(e, nanoTime.getAsLong())) {
                return e.value();
            }
            String stamp = stamps.current();
            long now = nanoTime.getAsLong();
            e = entries.get(key);
            if (e != null && e.stamp().equals(stamp) && fresh(e, now)) {
                return e.value();
            }
            // Loaded after the stamp was read: at least as new as every write the stamp stands for.
            V loaded = load.apply(key, stamp);
            entries.put(key, new Entry<>(loaded, stamp, now));
            return loaded;
        }

        private boolean fresh(Entry<V> e, long now) {
            return now - e.loadedAt() < ttlNanos;
        }
    }

    /** A store of a stamped kind whose writes renew the stamp: see {@link #renewedOnWrite}. */
    private record Renewing<T extends Entity>(StateStore owner, Store<T> store) implements Store<T> {
        @Override
        public EntityKind<T> kind() {
            return store.kind();
        }

        @Override
        public T insert(T entity) {
            return written(store.insert(entity));
        }

        @Override
        public T insertIfAbsent(T entity) {
            T stored = store.insertIfAbsent(entity);
            // written now, or equal to what was there: renewing then costs a cache reload, never a stale read
            return stored.equals(entity) ? written(stored) : stored;
        }

        @Override
        public Optional<T> get(String id) {
            return store.get(id);
        }

        @Override
        public Optional<T> findOne(Filter filter) {
            return store.findOne(filter);
        }

        @Override
        public List<T> find(Query query) {
            return store.find(query);
        }

        @Override
        public long count(Filter filter) {
            return store.count(filter);
        }

        @Override
        public boolean replace(T entity) {
            return renewedIf(store.replace(entity));
        }

        @Override
        public boolean replaceIf(T entity, Filter condition) {
            return renewedIf(store.replaceIf(entity, condition));
        }

        @Override
        public T save(T entity) {
            return written(store.save(entity));
        }

        @Override
        public boolean delete(String id) {
            return renewedIf(store.delete(id));
        }

        @Override
        public long deleteMatching(Filter filter, int limit) {
            long deleted = store.deleteMatching(filter, limit);
            renewedIf(deleted > 0);
            return deleted;
        }

        private T written(T stored) {
            changed(owner);
            return stored;
        }

        private boolean renewedIf(boolean written) {
            if (written) {
                changed(owner);
            }
            return written;
        }
    }
}
