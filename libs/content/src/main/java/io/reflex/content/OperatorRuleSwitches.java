package io.reflex.content;

import io.reflex.core.model.Pack;
import io.reflex.core.model.Rule;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An operator's {@code rule enable}/{@code rule disable} through the API outlives re-registration: a rule
 * whose stored {@code enabled} differs from its file keeps the stored value, unless the file's own
 * {@code enabled} changed since the registered version (then the file, edited later, wins). The previous
 * file is read from the registered version's content archive; when it cannot be read, the file wins.
 */
final class OperatorRuleSwitches {
    private final StateStore store;
    private final ContentStore content;

    OperatorRuleSwitches(StateStore store, ContentStore content) {
        this.store = store;
        this.content = content;
    }

    /** {@code rules} of {@code pack}, each with the operator's {@code enabled} where it is to be kept. */
    List<Rule> apply(String pack, List<Rule> rules) {
        Map<String, Rule> stored = new HashMap<>();
        store.store(Kinds.RULE).find(Query.of(ContentQueries.byPack(pack))).forEach(r -> stored.put(r.name(), r));
        Map<String, Boolean> previousFiles = null;
        List<Rule> out = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            Rule old = stored.get(r.name());
            if (old == null || old.enabled() == r.enabled() || r.metadataFile().isEmpty()) {
                out.add(r);
                continue;
            }
            if (previousFiles == null) {
                previousFiles = previousEnabled(pack);
            }
            Boolean before = previousFiles.get(r.metadataFile());
            out.add(before != null && before == r.enabled() ? r.withEnabled(old.enabled()) : r);
        }
        return out;
    }

    /** The {@code enabled} of each rule file of the registered version of {@code pack} (empty if unreadable). */
    private Map<String, Boolean> previousEnabled(String pack) {
        Map<String, Boolean> out = new HashMap<>();
        Optional<byte[]> zip = store.store(Kinds.PACK)
                .findOne(ContentQueries.byRef(pack))
                .map(Pack::contentHash)
                .filter(h -> !h.isEmpty())
                .flatMap(content::get);
        if (zip.isEmpty()) {
            return out;
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.get()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().startsWith("rules/")) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    out.put(
                            e.getName(),
                            YamlFile.parse(e.getName(), text)
                                    .root()
                                    .path("enabled")
                                    .asBoolean(true));
                }
            }
        } catch (IOException | RuntimeException e) { // an unreadable previous version: the file wins
            return Map.of();
        }
        return out;
    }
}
