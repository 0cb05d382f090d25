package io.reflex.workflowengine;

import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engines' backstop for a message the broker itself lost (a queue gone with its node, a request
 * never published because the runner died right after storing the state): every {@code interval} it reads the
 * open workflows, and one that did not change since the previous sweep is handled as if its request and its
 * children's completions came again ({@link WorkflowEngine#recover}). A workflow that waits for a running task
 * is left as it is by that; one with pending launches, a pending finish or a completion not applied goes on.
 * Every engine may sweep: what it does is idempotent.
 */
final class WorkflowSweep implements Component {
    private static final Logger log = LoggerFactory.getLogger(WorkflowSweep.class);

    private final Store<WorkflowExecution> workflows;
    private final WorkflowEngine engine;
    private final Duration interval;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    WorkflowSweep(Store<WorkflowExecution> workflows, WorkflowEngine engine, Duration interval) {
        this.workflows = workflows;
        this.engine = engine;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workflow-sweep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                this::sweepLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("workflow sweep failed error={}", e.toString());
        }
    }

    /** One sweep: the open workflows unchanged since the last sweep are recovered. Returns how many. */
    int sweep() {
        Set<String> open = new HashSet<>();
        int recovered = 0;
        for (WorkflowExecution w : workflows.find(Query.of(Filter.eq("closed", false)))) {
            open.add(w.id());
            Long before = seen.put(w.id(), w.version());
            if (before != null && before == w.version()) {
                engine.recover(w.id());
                recovered++;
            }
        }
        seen.keySet().retainAll(open);
        return recovered;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
