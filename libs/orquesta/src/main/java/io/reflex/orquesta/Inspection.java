package io.reflex.orquesta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of inspecting a workflow definition: every error, grouped and ordered as orquesta orders them
 * (group by group; within a group by schema path, then spec path).
 */
public record Inspection(List<InspectionError> errors) {
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    public Inspection {
        errors = List.copyOf(errors);
    }

    public boolean clean() {
        return errors.isEmpty();
    }

    /** orquesta's {@code inspect()} result: non-empty groups only, {@code syntax} to {@code context}. */
    public Map<String, List<Map<String, Object>>> grouped() {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (InspectionError e : errors) {
            out.computeIfAbsent(e.category().group(), g -> new ArrayList<>()).add(e.orquesta());
        }
        return out;
    }

    /**
     * StackStorm's flat list (what {@code POST /api/v1/workflows/inspect} returns and {@code st2 workflow
     * inspect} prints): each error with its {@code type}, ordered by type, then schema path.
     */
    public List<Map<String, Object>> stackstorm() {
        List<InspectionError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing((InspectionError e) -> e.category().type())
                .thenComparing(InspectionError::schemaPath, NULLS_FIRST));
        return sorted.stream().map(InspectionError::stackstorm).toList();
    }

    /** Sorts one group the way orquesta does: by schema path, then spec path (stable). */
    static List<InspectionError> ordered(List<InspectionError> group) {
        List<InspectionError> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparing(InspectionError::schemaPath)
                .thenComparing(e -> e.specPath().orElse(null), NULLS_FIRST));
        return sorted;
    }
}
