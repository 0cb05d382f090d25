package io.reflex.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one batch of {@code bin/bench compare} measured on one system.
 *
 * @param sent requests sent
 * @param completed requests whose work the system reported finished, as the system defines it
 * @param perSecond completed divided by the time from the first send to the last completion
 * @param latencies per completed request, send to completion
 */
record CompareBatch(int sent, int completed, double perSecond, Latencies latencies) {
    /**
     * A system that answers once its work is done: a request completed when its answer had status {@code ok};
     * its completion is the answer's arrival.
     */
    static CompareBatch fromAnswers(CompareLoad.Sent s, int ok) {
        Latencies latencies = new Latencies();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int completed = 0;
        for (int i = 0; i < s.count(); i++) {
            first = Math.min(first, s.sentNanos()[i]);
            if (s.status()[i] == ok) {
                completed++;
                last = Math.max(last, s.answeredNanos()[i]);
                latencies.add(s.answeredNanos()[i] - s.sentNanos()[i]);
            }
        }
        return of(s.count(), completed, completed == 0 ? 0 : (last - first) / 1e9, latencies);
    }

    /**
     * A system that accepts a request and does the work later: {@code ends} maps a request's seq to the wall
     * clock time its work finished (only requests that finished successfully).
     */
    static CompareBatch fromCompletions(CompareLoad.Sent s, Map<Integer, Instant> ends) {
        Latencies latencies = new Latencies();
        Instant first = null;
        Instant last = null;
        int completed = 0;
        for (int i = 0; i < s.count(); i++) {
            Instant sent = s.sentAt()[i];
            first = first == null || sent.isBefore(first) ? sent : first;
            Instant end = ends.get(i);
            if (end != null) {
                completed++;
                last = last == null || end.isAfter(last) ? end : last;
                latencies.add(Duration.between(sent, end).toNanos());
            }
        }
        double window = last == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
        return of(s.count(), completed, window, latencies);
    }

    /** Fewer completions than counted from answers (e.g. fewer stored records), the rate scaled alike. */
    CompareBatch atMost(int stored) {
        if (stored >= completed) {
            return this;
        }
        return new CompareBatch(sent, stored, completed == 0 ? 0 : perSecond * stored / completed, latencies);
    }

    private static CompareBatch of(int sent, int completed, double seconds, Latencies latencies) {
        return new CompareBatch(sent, completed, seconds > 0 ? completed / seconds : 0, latencies);
    }
}
