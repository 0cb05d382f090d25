package io.reflex.rulesengine.timers;

import java.util.List;

/** StackStorm's three timer trigger types (pack {@code core}). */
final class TimerTypes {
    static final String INTERVAL = "core.st2.IntervalTimer";
    static final String DATE = "core.st2.DateTimer";
    static final String CRON = "core.st2.CronTimer";
    static final List<String> ALL = List.of(INTERVAL, DATE, CRON);

    private TimerTypes() {}

    /** The type's name without its pack ({@code st2.IntervalTimer}), as StackStorm's trace tags use it. */
    static String name(String typeRef) {
        return io.reflex.core.model.Refs.name(typeRef);
    }
}
