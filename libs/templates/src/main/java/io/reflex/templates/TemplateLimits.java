package io.reflex.templates;

import java.time.Duration;
import java.util.Objects;

/**
 * What one render may cost. Every template render is bounded by all four; the first one exceeded ends the
 * render with a {@link TemplateLimitException} naming its configuration key.
 *
 * @param maxLoopIterations loop iterations of one template, all {@code for} loops together, and the largest
 *     {@code range(...)} it may build
 * @param maxOutputBytes largest output, and largest string any expression, filter or method call may produce;
 *     a list or dict built by a template holds at most {@code maxOutputBytes / 8} items
 * @param maxRenderTime wall time of one render
 * @param maxDepth deepest nesting of renders within a render (the {@code render} filter) and of tags
 */
public record TemplateLimits(int maxLoopIterations, long maxOutputBytes, Duration maxRenderTime, int maxDepth) {
    public static final String MAX_LOOP_ITERATIONS = "templates.max_loop_iterations";
    public static final String MAX_OUTPUT_BYTES = "templates.max_output_bytes";
    public static final String MAX_RENDER_TIME = "templates.max_render_time";
    public static final String MAX_DEPTH = "templates.max_depth";

    /** The defaults: generous for content that loops over hundreds of items, fatal to runaway templates. */
    public static final TemplateLimits DEFAULTS =
            new TemplateLimits(100_000, 10L * 1024 * 1024, Duration.ofSeconds(10), 10);

    public TemplateLimits {
        Objects.requireNonNull(maxRenderTime, "maxRenderTime");
        if (maxLoopIterations < 1 || maxOutputBytes < 1024 || maxDepth < 1 || maxRenderTime.toMillis() < 1) {
            throw new IllegalArgumentException("template limits must be positive (max_output_bytes at least 1024)");
        }
    }

    /** The most items a list or dict built by a template may hold. */
    int maxCollectionSize() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxOutputBytes / 8));
    }

    TemplateLimitException exceeded(String key) {
        return new TemplateLimitException(exceeded("template", key));
    }

    /** "{@code what} exceeded {@code key} (its value)", the message of a render that hit the limit. */
    public String exceeded(String what, String key) {
        return what + " exceeded " + key + " (" + value(key) + ")";
    }

    private String value(String key) {
        return switch (key) {
            case MAX_LOOP_ITERATIONS -> String.valueOf(maxLoopIterations);
            case MAX_OUTPUT_BYTES -> String.valueOf(maxOutputBytes);
            case MAX_RENDER_TIME ->
                maxRenderTime.toMillis() % 1000 == 0
                        ? maxRenderTime.toSeconds() + "s"
                        : maxRenderTime.toMillis() + "ms";
            default -> String.valueOf(maxDepth);
        };
    }
}
