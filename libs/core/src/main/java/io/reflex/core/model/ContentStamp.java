package io.reflex.core.model;

import io.reflex.core.store.Entity;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One stored value that changes whenever content a service caches changes: rules, triggers, trigger types,
 * actions, runner types, packs (and whatever else is written through the content API). Every writer of those
 * renews it after its write; a rules engine reads it before it uses its cache for a trigger instance (the rules
 * on the trigger and the actions they run) and drops what it loaded under another stamp, and the api's trigger
 * catalogue does the same for a webhook. Because the renewal is stored before the write is acknowledged, a
 * trigger instance sent after a change (a webhook right after {@code st2 rule enable} or {@code st2 action
 * disable}) meets the changed content, on every node, with no message that could be lost or arrive late.
 * There is exactly one record ({@link #ID}); its collection keeps the name it had when only rules were
 * stamped ({@code rules_stamp}), so nodes of the previous version read and renew the same record while a
 * cluster is upgraded one node at a time.
 */
public record ContentStamp(String id, String stamp) implements Entity {
    public static final String ID = "rules";

    public ContentStamp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stamp, "stamp");
    }

    /**
     * Stores a new stamp: call after every write of content a service caches (see the class comment). Blocks on
     * the store.
     */
    public static void renew(StateStore store) {
        store.store(Kinds.CONTENT_STAMP).save(new ContentStamp(ID, Ids.newId()));
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
}
