package io.reflex.testing;

import java.util.List;
import java.util.stream.Stream;

/**
 * The system trigger types StackStorm defines (all in pack {@code core}), by ref: what tests check the
 * engine's catalogue, registration and API against.
 */
public final class StackStormTriggerTypes {
    /** The webhook and the three timers: the system trigger types whose triggers take parameters. */
    public static final List<String> WITH_PARAMETERS =
            List.of("core.st2.webhook", "core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer");

    /** The system trigger types whose triggers take no parameters. */
    public static final List<String> PARAMETERLESS = List.of(
            "core.st2.generic.actiontrigger",
            "core.st2.generic.notifytrigger",
            "core.st2.generic.inquiry",
            "core.st2.action.file_written",
            "core.st2.sensor.process_spawn",
            "core.st2.sensor.process_exit",
            "core.st2.key_value_pair.create",
            "core.st2.key_value_pair.update",
            "core.st2.key_value_pair.value_change",
            "core.st2.key_value_pair.delete");

    /** Every system trigger type: {@link #WITH_PARAMETERS}, then {@link #PARAMETERLESS}. */
    public static final List<String> ALL =
            Stream.concat(WITH_PARAMETERS.stream(), PARAMETERLESS.stream()).toList();

    private StackStormTriggerTypes() {}
}
