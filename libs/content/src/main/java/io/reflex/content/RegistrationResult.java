package io.reflex.content;

import java.util.List;
import java.util.Map;

/**
 * What registering one pack did. {@code counts} uses StackStorm's register response keys (actions,
 * rules, sensors, triggers, aliases, policies, configs). {@code rejected} means the pack's manifest could
 * not be read, so nothing of it was registered; {@code changed} is false when the registered version (content
 * and config) was already this one. {@code errors} are the current errors of the pack's items (those items
 * are not active; the others are), reported on every registration until fixed. {@code warnings} are located
 * problems that do not keep content out (a key StackStorm ignores, a shell command a template fills
 * unquoted); they are found when the pack's content is read, so a pack skipped as unchanged reports none.
 */
public record RegistrationResult(
        String pack,
        String contentHash,
        boolean changed,
        boolean rejected,
        Map<String, Integer> counts,
        List<ContentError> errors,
        List<ContentError> warnings) {
    public RegistrationResult {
        counts = Map.copyOf(counts);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public RegistrationResult(
            String pack,
            String contentHash,
            boolean changed,
            boolean rejected,
            Map<String, Integer> counts,
            List<ContentError> errors) {
        this(pack, contentHash, changed, rejected, counts, errors, List.of());
    }
}
