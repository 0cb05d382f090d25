package io.reflex.content;

import java.util.List;
import java.util.Map;

/**
 * What registering one pack did. {@code counts} uses StackStorm's register response keys (actions,
 * rules, sensors, triggers, aliases, policies, configs). {@code rejected} means the new content had errors
 * and the previously registered version stays active; {@code changed} is false when nothing was written.
 */
public record RegistrationResult(
        String pack,
        String contentHash,
        boolean changed,
        boolean rejected,
        Map<String, Integer> counts,
        List<ContentError> errors) {
    public RegistrationResult {
        counts = Map.copyOf(counts);
        errors = List.copyOf(errors);
    }
}
