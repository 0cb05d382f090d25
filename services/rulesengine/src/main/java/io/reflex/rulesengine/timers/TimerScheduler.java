package io.reflex.rulesengine.timers;

import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leadership term of the timers, driven by {@link #tick} from a single thread: it keeps the active timers
 * in step with the store (re-read every {@code refresh}), fires each schedule point that is due and skips the
 * points older than the misfire grace, logging them, one line per timer and run of skipped points.
 *
 * <p>Where a timer starts: on the term's first read, from its stored progress (so the points the previous
 * leader missed are fired, or skipped when older than the grace); a timer without progress, or one that
 * becomes active later in the term (a rule created or enabled), starts now. A publish that fails is tried
 * again at the next tick (until its point falls out of the grace); progress is written after each tick's
 * fires, so a crash between the two re-fires points whose ids make them harmless. Nothing is fired once
 * {@code leading} turns false.
 */
final class TimerScheduler {
    private static final Logger log = LoggerFactory.getLogger(TimerScheduler.class);
    /** Points older than the grace passed over one by one before the rest are skipped in one jump. */
    static final int SKIP_SCAN_LIMIT = 10_000;

    /** One active timer; {@code schedule} is null when its parameters are invalid. */
    private static final class Timer {
        final Trigger trigger;
        final Schedule schedule;
        Instant settled;
        Instant persisted;
        Instant next;

        Timer(Trigger trigger, Schedule schedule, Instant settled) {
            this.trigger = trigger;
            this.schedule = schedule;
            this.settled = settled;
            this.persisted = settled;
            this.next = schedule == null ? null : schedule.next(settled).orElse(null);
        }
    }

    private final TimerCatalog catalog;
    private final ProgressStore progress;
    private final Consumer<TriggerDispatch> publisher;
    private final ZoneId zone;
    private final Duration grace;
    private final Duration refresh;
    private final BooleanSupplier leading;
    private final Map<String, Timer> timers = new TreeMap<>();
    private Instant nextRefresh;

    TimerScheduler(
            TimerCatalog catalog,
            ProgressStore progress,
            Consumer<TriggerDispatch> publisher,
            Timers.Settings settings,
            BooleanSupplier leading) {
        this.catalog = catalog;
        this.progress = progress;
        this.publisher = publisher;
        this.zone = settings.localTimezone();
        this.grace = settings.misfireGrace();
        this.refresh = settings.refreshInterval();
        this.leading = leading;
    }

    /**
     * Refreshes the timers when due and fires what is due at {@code now}.
     *
     * @return when to call again (the next point of any timer, or the next refresh)
     * @throws RuntimeException when the term's first read of the store fails (nothing was fired; call again)
     */
    Instant tick(Instant now) {
        if (nextRefresh == null || !now.isBefore(nextRefresh)) {
            refresh(now);
        }
        Instant wake = nextRefresh;
        for (Timer t : timers.values()) {
            if (!leading.getAsBoolean()) {
                return now;
            }
            fireDue(t, now);
            persist(t);
            if (t.next != null && t.next.isBefore(wake)) {
                wake = t.next;
            }
        }
        return wake;
    }

    /** How many timers this term runs. */
    int size() {
        return timers.size();
    }

    /** The earliest point not fired yet over all timers (in the past when firing falls behind), or null. */
    Instant earliestPending() {
        return timers.values().stream()
                .map(t -> t.next)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** The refs of the timers this term runs (for tests). */
    List<String> active() {
        return List.copyOf(timers.keySet());
    }

    private void refresh(Instant now) {
        boolean resume = nextRefresh == null;
        Map<String, Trigger> active;
        try {
            active = catalog.active();
        } catch (RuntimeException e) {
            if (resume) {
                throw e;
            }
            log.warn("timers not refreshed, keeping the known ones timers={} error={}", timers.size(), e.toString());
            nextRefresh = now.plus(refresh);
            return;
        }
        List.copyOf(timers.keySet()).stream()
                .filter(ref -> !active.containsKey(ref))
                .forEach(this::remove);
        for (Trigger trigger : active.values()) {
            Timer known = timers.get(trigger.ref());
            if (known == null || !known.trigger.equals(trigger)) {
                add(trigger, now, resume);
            }
        }
        nextRefresh = now.plus(refresh);
    }

    private void add(Trigger trigger, Instant now, boolean resume) {
        Schedule schedule;
        try {
            schedule = Schedules.of(trigger.type(), trigger.parameters(), zone);
        } catch (IllegalArgumentException e) {
            log.error(
                    "timer invalid, not scheduled trigger={} type={} parameters={} error={}",
                    trigger.ref(),
                    trigger.type(),
                    trigger.parameters(),
                    e.getMessage());
            timers.put(trigger.ref(), new Timer(trigger, null, now));
            return;
        }
        Optional<Instant> stored;
        Instant settled;
        try {
            stored = resume ? progress.settled(trigger.ref()) : Optional.empty();
            settled = stored.isPresent() ? stored.get() : progress.advance(trigger.ref(), now);
        } catch (RuntimeException e) {
            if (resume) {
                throw e;
            }
            log.warn("timer not added yet, store unavailable trigger={} error={}", trigger.ref(), e.toString());
            return;
        }
        Timer timer = new Timer(trigger, schedule, settled);
        timers.put(trigger.ref(), timer);
        logAdded(timer, stored.isPresent());
    }

    private static void logAdded(Timer t, boolean resumed) {
        String ref = t.trigger.ref();
        if (t.next != null) {
            log.info(
                    "timer scheduled trigger={} type={} settled_until={} next={} resumed={}",
                    ref,
                    t.trigger.type(),
                    t.settled,
                    t.next,
                    resumed);
        } else if (!resumed && t.schedule instanceof DateSchedule d) {
            log.warn("date timer in the past, not scheduled trigger={} date={}", ref, d.at());
        } else {
            log.info(
                    "timer has no schedule point left trigger={} type={} settled_until={}",
                    ref,
                    t.trigger.type(),
                    t.settled);
        }
    }

    private void remove(String ref) {
        timers.remove(ref);
        log.info("timer unscheduled, no enabled rule uses it trigger={}", ref);
        try {
            progress.forget(ref);
        } catch (RuntimeException e) {
            log.warn("timer progress not deleted trigger={} error={}", ref, e.toString());
        }
    }

    private void fireDue(Timer t, Instant now) {
        Instant cutoff = now.minus(grace);
        PointRun skipped = null;
        PointRun fired = null;
        while (t.next != null && !t.next.isAfter(now) && leading.getAsBoolean()) {
            Instant point = t.next;
            if (point.isBefore(cutoff)) {
                skipped = PointRun.add(skipped, point);
                if (skipped.count >= SKIP_SCAN_LIMIT) {
                    // the rest of the backlog is skipped unseen: everything before the cut-off
                    skipped.jumpedTo = cutoff;
                    point = cutoff.minusNanos(1);
                }
            } else {
                logSkipped(t, skipped);
                skipped = null;
                if (!publish(t, point)) {
                    break;
                }
                fired = PointRun.add(fired, point);
            }
            t.settled = point;
            t.next = t.schedule.next(point).orElse(null);
        }
        logSkipped(t, skipped);
        if (fired != null && fired.count > 1) {
            log.info(
                    "timer fired missed points trigger={} count={} first={} last={}",
                    t.trigger.ref(),
                    fired.count,
                    fired.first,
                    fired.last);
        }
    }

    private boolean publish(Timer t, Instant point) {
        TriggerDispatch d = TimerFire.dispatch(t.trigger, point);
        try {
            publisher.accept(d);
            log.debug(
                    "timer fired trigger={} point={} trigger_instance={}",
                    t.trigger.ref(),
                    point,
                    d.triggerInstanceId());
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "timer fire failed, will retry trigger={} point={} error={}", t.trigger.ref(), point, e.toString());
            return false;
        }
    }

    private void logSkipped(Timer t, PointRun s) {
        if (s == null) {
            return;
        }
        log.warn(
                "timer misfire skipped points trigger={} type={} count={} first={} last={} grace={}",
                t.trigger.ref(),
                t.trigger.type(),
                s.jumpedTo == null ? Long.toString(s.count) : s.count + "+",
                s.first,
                s.jumpedTo == null ? s.last : "before " + s.jumpedTo,
                grace);
    }

    private void persist(Timer t) {
        if (t.schedule == null || !t.settled.isAfter(t.persisted)) {
            return;
        }
        try {
            Instant stored = progress.advance(t.trigger.ref(), t.settled);
            t.persisted = t.settled;
            if (stored.isAfter(t.settled)) {
                // another leader got further during an overlap: follow it instead of firing its points again
                t.settled = stored;
                t.persisted = stored;
                t.next = t.schedule.next(stored).orElse(null);
            }
        } catch (RuntimeException e) {
            log.warn("timer progress not saved, will retry trigger={} error={}", t.trigger.ref(), e.toString());
        }
    }
}
