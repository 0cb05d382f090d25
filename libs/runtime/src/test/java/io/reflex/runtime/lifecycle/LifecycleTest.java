package io.reflex.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final List<String> events = new ArrayList<>();

    private Component recording(String name) {
        return new Component() {
            @Override
            public void start() {
                events.add("start " + name);
            }

            @Override
            public void close() {
                events.add("stop " + name);
            }
        };
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        Lifecycle lc = new Lifecycle("t");
        lc.push("a", recording("a"));
        lc.pushOpen("b", () -> events.add("stop b"));
        lc.push("c", recording("c"));
        lc.start();
        lc.close();
        lc.close();
        assertThat(events).containsExactly("start a", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void failedStartStopsWhatWasStartedAndRethrows() {
        Lifecycle lc = new Lifecycle("t");
        lc.push("a", recording("a"));
        lc.push("boom", new Component() {
            @Override
            public void start() {
                throw new IllegalStateException("port taken");
            }

            @Override
            public void close() {
                events.add("stop boom");
            }
        });
        lc.push("c", recording("c"));
        assertThatThrownBy(lc::start).hasMessage("port taken");
        assertThat(events).containsExactly("start a", "stop a");
    }

    @Test
    void openResourcesAreClosedEvenIfStartIsNeverCalled() {
        Lifecycle lc = new Lifecycle("t");
        lc.pushOpen("store", () -> events.add("stop store"));
        lc.push("never", recording("never"));
        lc.close();
        assertThat(events).containsExactly("stop store");
    }

    @Test
    void aFailingStopDoesNotKeepTheOthersRunning() throws Exception {
        Lifecycle lc = new Lifecycle("t");
        lc.push("a", recording("a"));
        lc.push("bad", () -> {
            throw new IllegalStateException("stuck");
        });
        lc.start();
        lc.close();
        assertThat(events).containsExactly("start a", "stop a");
    }

    @Test
    void startingAgainStartsOnlyWhatWasPushedSince() throws Exception {
        Lifecycle lc = new Lifecycle("t");
        lc.push("a", recording("a"));
        lc.start();
        lc.push("b", recording("b"));
        lc.start();
        lc.close();
        assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
    }
}
