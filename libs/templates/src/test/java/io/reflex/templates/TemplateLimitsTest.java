package io.reflex.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.templates.Templates.RenderScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TemplateLimitsTest {
    private static final String THREE_DEEP = "{% for i in range(1000) %}{% for j in range(1000) %}"
            + "{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}";
    /** Few iterations, each slow: only a clock stops it. */
    private static final String SLOW = "{% for i in range(100000) %}{{ ('x'|center(1000000))|length }}{% endfor %}";

    private final Templates t = new Templates(Datastore.EMPTY);

    @Test
    void nestedLoopsStopAtTheIterationLimitNamingIt() {
        assertThatThrownBy(() -> t.render(THREE_DEEP, Map.of()))
                .isInstanceOf(TemplateLimitException.class)
                .hasMessage("template exceeded templates.max_loop_iterations (100000)");
    }

    @Test
    void everyKindOfLoopCountsAndLoopVariablesStillWork() {
        Templates small = new Templates(Datastore.EMPTY, limits(10, 1 << 20, Duration.ofSeconds(10), 10));
        Map<String, Object> ctx = Map.of("items", List.of("a", "b", "c"), "m", Map.of("k", "v"));
        assertThat(small.render(
                        "{% for x in items %}{{ loop.index }}/{{ loop.length }}{{ loop.last }} {% endfor %}", ctx))
                .isEqualTo("1/3False2/3False3/3True");
        assertThatThrownBy(() -> small.render(
                        "{% for x in items %}{% for y in items %}{% for z in items %}{% endfor %}{% endfor %}{% endfor %}",
                        ctx))
                .hasMessageContaining("templates.max_loop_iterations (10)");
        assertThatThrownBy(() -> small.render("{{ range(11)|length }}", ctx))
                .hasMessageContaining("templates.max_loop_iterations (10)");
    }

    @Test
    void rangeFollowsPythonBeyondJinjavasSilentCutAt1000() {
        assertThat(t.render("{{ range(5000)|length }} {{ range(2, 10, 3) }} {{ range(5, 0, -2) }}", Map.of()))
                .isEqualTo("5000 [2, 5, 8] [5, 3, 1]");
        assertThat(t.render("{% for i in range(300) %}{% for j in range(300) %}{% endfor %}{% endfor %}ok", Map.of()))
                .isEqualTo("ok");
    }

    @Test
    void hugeStringsAreRefusedBeforeTheyAreBuilt() {
        for (String tpl : List.of(
                "{{ 'x'.repeat(100000000)|length }}",
                "{{ 'x'|center(100000000)|length }}",
                "{{ [1, 2]|batch(1000000000, 'x')|list|length }}",
                "{{ '%100000000s'|format('a')|length }}",
                "{% set s = 'xxxxxxxxxxxxxxxxxxxx' %}{{ s.replace('x', s).replace('x', s).replace('x', s)"
                        + ".replace('x', s).replace('x', s)|length }}",
                "{% set s = 'xxxxxxxxxx' %}{% for i in range(30) %}{% set s = s ~ s %}{% endfor %}{{ s|length }}",
                "{% set l = [1] %}{% for i in range(30) %}{% do l.extend(l) %}{% endfor %}{{ l|length }}",
                "{% for i in range(100000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}")) {
            assertThatThrownBy(() -> t.render(tpl, Map.of()))
                    .as(tpl)
                    .hasMessageContaining("template exceeded templates.max_output_bytes (10485760)");
        }
        assertThat(t.render("{{ 'x'|center(5) }}|{{ 5|add(86400000) }}", Map.of()))
                .isEqualTo("  x  |86400005");
    }

    @Test
    void aSlowRenderStopsAtTheTimeLimit() {
        Templates quick = new Templates(Datastore.EMPTY, limits(100_000, 10 << 20, Duration.ofMillis(300), 10));
        assertThatThrownBy(() -> quick.render(SLOW, Map.of()))
                .isInstanceOf(TemplateLimitException.class)
                .hasMessage("template exceeded templates.max_render_time (300ms)");
    }

    @Test
    void deepNestingStopsAtTheDepthLimit() {
        String deep = "{% if true %}".repeat(5000) + "x" + "{% endif %}".repeat(5000);
        assertThatThrownBy(() -> t.render(deep, Map.of())).hasMessage("template exceeded templates.max_depth (10)");
        assertThat(t.render("{% if true %}{% if true %}{% if true %}x{% endif %}{% endif %}{% endif %}", Map.of()))
                .isEqualTo("x");
    }

    @Test
    void aScopeStopsItsRendersWhenAskedOrAtItsDeadline() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                RenderScope.call(Duration.ofMinutes(5), "late", stop::get, () -> t.render(SLOW, Map.of()));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(200);
        stop.set(true);
        assertThat(failure.get(5, TimeUnit.SECONDS))
                .isInstanceOf(RenderStoppedException.class)
                .hasMessageContaining("stopped");
        assertThatThrownBy(() -> RenderScope.call(
                        Duration.ofMillis(200),
                        "rendering exceeded the execution timeout (0s)",
                        null,
                        () -> t.render(SLOW, Map.of())))
                .isInstanceOf(RenderStoppedException.class)
                .hasMessage("rendering exceeded the execution timeout (0s)");
    }

    @Test
    void anInterruptedThreadStopsRendering() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                t.render(SLOW, Map.of());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        Thread.sleep(200);
        worker.interrupt();
        worker.join(5_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(RenderStoppedException.class).hasMessageContaining("interrupted");
    }

    @Test
    void includesAndImportsLoadNothing() {
        for (String tpl : List.of(
                "{% include 'META-INF/MANIFEST.MF' %}",
                "{% import 'logback.xml' as x %}",
                "{% from 'logback.xml' import y %}",
                "{% extends 'META-INF/MANIFEST.MF' %}")) {
            assertThatThrownBy(() -> t.render(tpl, Map.of()))
                    .as(tpl)
                    .hasMessageContaining("include, import, from and extends are not available in Reflex templates")
                    .hasMessageNotContaining("Manifest-Version");
        }
    }

    @Test
    void evaluateIsBoundedToo() {
        assertThatThrownBy(() -> t.evaluate("{{ range(200000) }}", Map.of()))
                .hasMessageContaining("templates.max_loop_iterations");
        assertThat(t.evaluate("{{ range(3) }}", Map.of())).isEqualTo(List.of(0, 1, 2));
    }

    private static TemplateLimits limits(int loops, long bytes, Duration time, int depth) {
        return new TemplateLimits(loops, bytes, time, depth);
    }
}
