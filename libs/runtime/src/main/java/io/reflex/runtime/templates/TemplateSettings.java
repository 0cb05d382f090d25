package io.reflex.runtime.templates;

import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.templates.TemplateLimits;

/** The {@code templates.*} section: what one render may cost, the same in every service that renders. */
public final class TemplateSettings {
    private TemplateSettings() {}

    public static TemplateLimits limits(Config config) {
        return new TemplateLimits(
                config.get(ConfigKeys.TEMPLATES_MAX_LOOP_ITERATIONS),
                config.get(ConfigKeys.TEMPLATES_MAX_OUTPUT_BYTES),
                config.get(ConfigKeys.TEMPLATES_MAX_RENDER_TIME),
                config.get(ConfigKeys.TEMPLATES_MAX_DEPTH));
    }
}
