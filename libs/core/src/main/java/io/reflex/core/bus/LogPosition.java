package io.reflex.core.bus;

/** Where a log reader starts. */
public sealed interface LogPosition {
    /** The oldest record still retained. */
    record First() implements LogPosition {}

    /** Only records appended after the reader started. */
    record Next() implements LogPosition {}

    /** Records with offset greater than {@code offset} (resume after the last one seen). */
    record After(long offset) implements LogPosition {}

    static LogPosition first() {
        return new First();
    }

    static LogPosition next() {
        return new Next();
    }

    static LogPosition after(long offset) {
        return new After(offset);
    }
}
