package io.reflex.runtime.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.testing.InMemoryCoordinator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader contract stated once in {@link LeaderDuty}, on two sessions of one coordinator. */
class LeaderDutyTest {
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final InMemoryCoordinator sessionA = new InMemoryCoordinator();
    private final InMemoryCoordinator sessionB = sessionA.newSession();
    private final List<LeaderDuty> duties = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (LeaderDuty d : duties) {
            d.close();
        }
        sessionA.close();
        sessionB.close();
    }

    private LeaderDuty duty(InMemoryCoordinator session, String member, LeaderDuty.Duty work) {
        LeaderDuty d = new LeaderDuty(session, "duty-test", member, JOIN, work);
        duties.add(d);
        d.start();
        return d;
    }

    /** Runs until its term ends, counting the terms it was given. */
    private static LeaderDuty.Duty untilRevoked(List<Long> terms) {
        return term -> {
            terms.add(term.number());
            while (term.await(Duration.ofSeconds(60))) {
                // the term lasts: keep waiting
            }
        };
    }

    @Test
    void onlyTheLeaderRunsAndALostSessionEndsTheTermAtOnce() {
        List<Long> termsA = new CopyOnWriteArrayList<>();
        List<Long> termsB = new CopyOnWriteArrayList<>();
        LeaderDuty a = duty(sessionA, "a", untilRevoked(termsA));
        await().atMost(JOIN).until(() -> termsA.size() == 1);
        LeaderDuty b = duty(sessionB, "b", untilRevoked(termsB));
        assertThat(a.leading()).isTrue();
        assertThat(b.leading()).isFalse();

        sessionA.expireSession();

        // b takes over; a's 60 s wait ended with the term, so its thread is done before b's work is judged
        await().atMost(JOIN).until(() -> termsB.size() == 1 && !a.leading());
        assertThat(b.leading()).isTrue();
        assertThat(termsB.get(0)).isGreaterThan(termsA.get(0));
    }

    @Test
    void aDutyThatReturnsGivesUpLeadershipToAnotherMember() {
        AtomicInteger runsA = new AtomicInteger();
        List<Long> termsB = new CopyOnWriteArrayList<>();
        LeaderDuty a = duty(sessionA, "a", term -> {
            if (runsA.incrementAndGet() == 1) {
                // hold the first term until b has joined, then give it up by returning
                await().atMost(JOIN).until(() -> duties.size() == 2);
            }
        });
        await().atMost(JOIN).until(() -> runsA.get() == 1);
        duty(sessionB, "b", untilRevoked(termsB));

        await().atMost(JOIN).until(() -> termsB.size() == 1);
        assertThat(runsA.get()).isEqualTo(1);
        assertThat(a.leading()).isFalse();
    }

    @Test
    void aDutyThatThrowsGivesUpLeadershipAndClosingEndsATerm() throws Exception {
        List<Long> termsB = new CopyOnWriteArrayList<>();
        AtomicInteger runsA = new AtomicInteger();
        duty(sessionA, "a", term -> {
            runsA.incrementAndGet();
            await().atMost(JOIN).until(() -> duties.size() == 2);
            throw new IllegalStateException("store down");
        });
        LeaderDuty b = duty(sessionB, "b", untilRevoked(termsB));
        await().atMost(JOIN).until(() -> termsB.size() == 1);

        long started = System.nanoTime();
        b.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(JOIN);
        assertThat(b.leading()).isFalse();
    }
}
