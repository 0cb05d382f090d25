package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.executions.ExecutionViews;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits for an execution to stop, following its output. Output comes from the stream service ({@code
 * /stream/v1/executions/{id}/output}, stored then live records) on a virtual thread; when the stream
 * service cannot be reached, from polling {@code GET /executions/{id}/output}. The status is polled from
 * the API either way, because the output stream does not end for an execution that stops to wait for an
 * inquiry. Blocks the calling thread until the execution stops.
 */
public final class ExecutionWaiter {
    /** Statuses in which an execution is still on its way; every other one ends the wait. */
    public static final Set<String> IN_PROGRESS =
            Set.of("requested", "scheduled", "delayed", "running", "canceling", "pausing", "resuming");

    static final Duration TICK = Duration.ofMillis(100);
    /** After the execution stopped: the longest wait for the output stream's end, and the silence that ends it sooner. */
    static final Duration LAST_OUTPUT_WAIT = Duration.ofSeconds(3);

    static final Duration LAST_OUTPUT_QUIET = Duration.ofMillis(500);

    /** Hears about the wait as it goes; called from two threads, so implementations synchronise. */
    public interface Listener {
        void output(String text);

        void status(JsonNode execution);

        /** About ten times a second, for a spinner. */
        void tick();
    }

    private final ApiClient api;
    private final Duration maxPoll;

    public ExecutionWaiter(ApiClient api, Duration maxPoll) {
        this.api = api;
        this.maxPoll = maxPoll;
    }

    /**
     * @param followOutput whether to hand the output to {@code listener} as it arrives
     * @return the execution as it stopped
     */
    public JsonNode await(String id, boolean followOutput, Listener listener) {
        OutputFollower stream = followOutput ? OutputFollower.open(api, id, listener) : null;
        boolean polling = followOutput && stream == null;
        int printed = 0;
        JsonNode execution;
        long nextPoll = 0;
        for (int polls = 0; ; ) {
            if (stream != null && stream.endedEarly()) {
                // carry on from the stored output
                printed = stream.chars();
                stream = null;
                polling = true;
            }
            long now = System.nanoTime();
            if (now >= nextPoll) {
                execution = get(id);
                listener.status(execution);
                if (polling) {
                    printed = pollOutput(id, printed, listener);
                }
                if (!IN_PROGRESS.contains(execution.path("status").asText())) {
                    break;
                }
                nextPoll = now + pause(++polls);
            }
            listener.tick();
            sleep(TICK);
        }
        if (stream != null) {
            stream.finish(LAST_OUTPUT_WAIT);
            printed = stream.chars();
        }
        if (followOutput) {
            // whatever the stream did not deliver (a stream service that does not see this log) is stored
            pollOutput(id, printed, listener);
        }
        return execution;
    }

    /**
     * Like {@link #await(String, boolean, Listener) await(id, true, listener)}, and when the execution is a
     * workflow ({@code action-chain}, {@code orquesta}), its children in the order they start instead of its
     * own output, as {@code st2 execution tail} shows them: each child's output between a {@code Child
     * execution (task=NAME) ID has started.} and a {@code ... has finished (status=STATUS).} line, children
     * of children likewise. The listener hears the workflow's own status only.
     */
    public JsonNode awaitFollowingChildren(String id, Listener listener) {
        return follow(get(id), listener);
    }

    private JsonNode follow(JsonNode execution, Listener listener) {
        String id = execution.path("id").asText();
        if (!ExecutionViews.WORKFLOW_RUNNERS.contains(
                execution.path("runner").path("name").asText())) {
            return await(id, true, listener);
        }
        Listener forChildren = new Listener() {
            @Override
            public void output(String text) {
                listener.output(text);
            }

            @Override
            public void status(JsonNode child) {
                // the spinner keeps showing the workflow's status
            }

            @Override
            public void tick() {
                listener.tick();
            }
        };
        Set<String> followed = new HashSet<>();
        for (int polls = 0; ; execution = get(id)) {
            listener.status(execution);
            String next = null;
            for (JsonNode child : execution.path("children")) {
                if (followed.add(child.asText())) {
                    next = child.asText();
                    break;
                }
            }
            if (next != null) {
                JsonNode child = get(next);
                String task = taskName(child.path("context"));
                listener.output("Child execution (task=" + task + ") " + next + " has started.\n\n");
                JsonNode done = follow(child, forChildren);
                listener.output("\nChild execution (task=" + task + ") " + next + " has finished (status="
                        + done.path("status").asText() + ").\n\n");
                polls = 0;
            } else if (!IN_PROGRESS.contains(execution.path("status").asText())) {
                return execution;
            } else {
                for (long until = System.nanoTime() + pause(++polls); System.nanoTime() < until; ) {
                    listener.tick();
                    sleep(TICK);
                }
            }
        }
    }

    private JsonNode get(String id) {
        return api.get("/executions/" + ApiClient.segment(id));
    }

    /** The pause before status check number {@code polls}: growing by 100 ms a check, up to the longest poll. */
    private long pause(int polls) {
        return Math.min(maxPoll.toNanos(), Duration.ofMillis(100L * (1 + polls)).toNanos());
    }

    /** The workflow task a child execution runs, from its context: its chain task's or orquesta task's name. */
    private static String taskName(JsonNode context) {
        String chain = context.path("chain").path("name").asText("");
        return chain.isEmpty() ? context.path("orquesta").path("task_name").asText("?") : chain;
    }

    /** Prints what was added to the stored output since {@code printed} characters; returns the new count. */
    private int pollOutput(String id, int printed, Listener listener) {
        String all = api.text("/executions/" + ApiClient.segment(id) + "/output?output_type=all");
        if (all.length() > printed) {
            listener.output(all.substring(printed));
            return all.length();
        }
        return printed;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", ExitCodes.FAILED);
        }
    }

    /** The output stream of one execution, read on a virtual thread until {@code EOF} or closed. */
    private static final class OutputFollower {
        private final HttpResponse<InputStream> response;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile long lastEvent = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicInteger chars = new java.util.concurrent.atomic.AtomicInteger();

        private OutputFollower(HttpResponse<InputStream> response) {
            this.response = response;
        }

        /** @return null when the stream service cannot be reached or refuses */
        static OutputFollower open(ApiClient api, String id, Listener listener) {
            HttpResponse<InputStream> response;
            try {
                response = api.stream("/executions/" + ApiClient.segment(id) + "/output?output_type=all");
            } catch (ClientException e) {
                return null;
            }
            OutputFollower s = new OutputFollower(response);
            Thread.ofVirtual().name("reflex-output-" + id).start(() -> s.read(listener));
            return s;
        }

        private void read(Listener listener) {
            try (InputStream in = response.body()) {
                SseReader events = new SseReader(in);
                for (var e = events.next(); e.isPresent(); e = events.next()) {
                    lastEvent = System.nanoTime();
                    if (e.get().name().equals("EOF")) {
                        break;
                    }
                    if (closed.get()) {
                        break;
                    }
                    if (e.get().name().equals("st2.execution.output__create")) {
                        String data = Json.mapper()
                                .readTree(e.get().data())
                                .path("data")
                                .asText("");
                        listener.output(data);
                        chars.addAndGet(data.length());
                    }
                }
            } catch (IOException e) {
                // closed by finish(), or the server went away: the status poll decides what happens next
            } finally {
                ended.countDown();
            }
        }

        /** How many characters of output the stream delivered. */
        int chars() {
            return chars.get();
        }

        /**
         * The stream ended by itself: the stream service went away, or sent {@code EOF} for a pausing execution
         * that may go on.
         */
        boolean endedEarly() {
            return ended.getCount() == 0 && !closed.get();
        }

        /**
         * Waits for the output still under way — until the stream ends, falls silent for {@link
         * #LAST_OUTPUT_QUIET} (output precedes the completion in the log, so it has mostly arrived by the time
         * the completion is seen) or {@code wait} is over — then stops reading.
         */
        void finish(Duration wait) {
            long start = System.nanoTime();
            long deadline = start + wait.toNanos();
            try {
                while (System.nanoTime() < deadline
                        && System.nanoTime() - Math.max(lastEvent, start) < LAST_OUTPUT_QUIET.toNanos()
                        && !ended.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                    // waiting for EOF or silence
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closed.compareAndSet(false, true)) {
                try {
                    response.body().close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
