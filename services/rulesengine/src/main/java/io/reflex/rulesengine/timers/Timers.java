package io.reflex.rulesengine.timers;

import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.messages.Channels;
import io.reflex.core.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * StackStorm's timers engine ({@code core.st2.IntervalTimer}, {@code DateTimer}, {@code CronTimer}) as a part
 * of the rules engine: the rules engines elect one leader, which fires every schedule point of every timer an
 * enabled rule uses, exactly once, as a dispatch on {@link Channels#TRIGGER_INSTANCES} whose trigger instance
 * id derives from (trigger, point).
 */
public final class Timers {
    /**
     * @param localTimezone the zone of timers without a {@code timezone} parameter (StackStorm's
     *     {@code [timer] local_timezone})
     * @param misfireGrace how late a missed point may still be fired (older ones are skipped and logged)
     * @param refreshInterval how often the leader re-reads rules and triggers (rule changes apply within it)
     */
    public record Settings(ZoneId localTimezone, Duration misfireGrace, Duration refreshInterval) {
        public Settings {
            Objects.requireNonNull(localTimezone, "localTimezone");
            Objects.requireNonNull(misfireGrace, "misfireGrace");
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            if (misfireGrace.isNegative() || refreshInterval.isNegative() || refreshInterval.isZero()) {
                throw new IllegalArgumentException("misfire grace must be >= 0 and refresh interval > 0");
            }
        }
    }

    private Timers() {}

    /**
     * The timers component: joins the election when started and fires while elected; closing leaves the
     * election.
     *
     * @param memberId this process's id in the election (its coordinator member id)
     */
    public static TimerLeadership leader(
            StateStore store, EventBus bus, Coordinator coordinator, String memberId, Settings settings, Clock clock) {
        TimerCatalog catalog = new TimerCatalog(store);
        ProgressStore progress = new ProgressStore(store, memberId);
        return new TimerLeadership(
                coordinator,
                memberId,
                leading -> new TimerScheduler(
                        catalog,
                        progress,
                        d -> bus.publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d),
                        settings,
                        leading),
                clock);
    }

    /**
     * How long a leader's ticks may fail before {@code /healthz} reports timers down: ten refresh intervals,
     * at least 30 seconds (a healthy leader ticks at least once per refresh interval).
     */
    public static Duration staleAfter(Settings settings) {
        Duration tenRefreshes = settings.refreshInterval().multipliedBy(10);
        return tenRefreshes.compareTo(Duration.ofSeconds(30)) > 0 ? tenRefreshes : Duration.ofSeconds(30);
    }

    /** A time zone name from configuration. @throws IllegalArgumentException for an unknown one */
    public static ZoneId zone(String name) {
        return Schedules.zoneId(name);
    }
}
