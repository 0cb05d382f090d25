package io.reflex.content;

import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.ConfigSchema;
import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackConfig;
import io.reflex.core.model.Policy;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers loaded packs into the state store. Idempotent: unchanged, error-free content (same content
 * hash and config) writes nothing; changed items are updated in place and keep their ids; items removed
 * from a pack are unregistered. Registration is per item, as StackStorm's: the valid items of a pack are
 * written even when another item of it is invalid, and the invalid item's earlier version (if any) stays.
 * The pack record, with its content hash and its current errors, is written last; a pack with errors is
 * re-checked (and its errors reported) on every registration.
 */
public final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final StateStore store;
    private final ContentStore content;
    private final TriggerResolver triggers;
    private final RuleTriggers ruleTriggers;

    public Registrar(StateStore store, Clock clock) {
        this.store = store;
        this.content = new ContentStore(store, clock);
        this.triggers = new TriggerResolver(store);
        this.ruleTriggers = new RuleTriggers(store);
    }

    /** Registers the runner types, policy types and system trigger types Reflex implements. */
    public void registerCatalogue() {
        ContentStamp.batch(() -> {
            registerRunnerTypes();
            for (PolicyType p : Catalogue.policyTypes()) {
                store.store(Kinds.POLICY_TYPE).save(p);
            }
            registerSystemTriggerTypes();
        });
    }

    private void registerRunnerTypes() {
        for (RunnerType r : Catalogue.runnerTypes()) {
            store.store(Kinds.RUNNER_TYPE)
                    .findOne(Filter.eq("name", r.name()))
                    .ifPresentOrElse(
                            existing -> {
                                RunnerType keep = new RunnerType(
                                        existing.id(),
                                        r.name(),
                                        r.description(),
                                        existing.enabled(),
                                        r.runnerPackage(),
                                        r.runnerModule(),
                                        r.runnerParameters(),
                                        r.outputKey(),
                                        r.outputSchema());
                                if (!keep.equals(existing)) {
                                    store.store(Kinds.RUNNER_TYPE).replace(keep);
                                }
                            },
                            () -> store.store(Kinds.RUNNER_TYPE).insertIfAbsent(r));
        }
    }

    /**
     * The engine's trigger types, each with its shadow Trigger when it has no parameters. A stored record of
     * the same ref (an older registration from a pack file) is replaced in place, keeping its id.
     */
    private void registerSystemTriggerTypes() {
        var types = store.store(Kinds.TRIGGER_TYPE);
        for (TriggerType t : Catalogue.systemTriggerTypes()) {
            Optional<TriggerType> existing = types.findOne(ContentQueries.byRef(t.ref()));
            if (existing.isEmpty()) {
                types.insertIfAbsent(t);
            } else {
                TriggerType keep = ItemSync.withId(t, existing.get().id());
                if (!keep.equals(existing.get())) {
                    types.replace(keep);
                }
            }
            triggers.ensureSimple(t);
        }
    }

    /**
     * Registers a batch of packs; references between packs of the batch resolve whatever their names.
     * Like StackStorm's content registration it goes kind by kind across all packs: trigger types and
     * sensors of every pack first, then actions, then rules, policies and aliases (which refer to the
     * former), then configs and the pack records. Core goes first within each phase.
     */
    public List<RegistrationResult> register(List<LoadedPack> packs) {
        List<LoadedPack> ordered = new ArrayList<>(packs);
        ordered.sort(
                Comparator.comparing((LoadedPack p) -> !p.ref().equals("core")).thenComparing(LoadedPack::ref));
        Known known = new Known(ordered);
        Map<String, RegistrationResult> done = new HashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (LoadedPack loaded : ordered) {
            if (loaded.pack() == null) {
                loaded.errors().forEach(e -> log.warn("pack content error pack={} error=\"{}\"", loaded.ref(), e));
                log.warn(
                        "pack not registered pack={} errors={}",
                        loaded.ref(),
                        loaded.errors().size());
                done.put(
                        loaded.ref(), new RegistrationResult(loaded.ref(), "", false, true, Map.of(), loaded.errors()));
                continue;
            }
            List<ContentError> builtIn = new ArrayList<>();
            LoadedPack p = withoutSystemTriggerTypes(CrossChecks.check(loaded, known), builtIn);
            if (builtIn.isEmpty() && clean(p)) {
                done.put(
                        p.ref(),
                        new RegistrationResult(p.ref(), p.pack().contentHash(), false, false, counts(p), List.of()));
            } else {
                pending.add(new Pending(p, new ArrayList<>(p.errors()), warnings(p, builtIn), !sameVersion(p)));
            }
        }
        ContentStamp.batch(() -> {
            for (Pending w : pending) {
                content.put(w.pack.ref(), w.pack.archive());
                writeTriggers(w);
            }
            pending.forEach(this::writeActions);
            pending.forEach(this::writeReferencing);
            for (Pending w : pending) {
                done.put(w.pack.ref(), finish(w));
            }
        });
        return ordered.stream().map(p -> done.get(p.ref())).toList();
    }

    /** One pack being written, with the errors found along the way. */
    private record Pending(LoadedPack pack, List<ContentError> errors, List<ContentError> warnings, boolean changed) {}

    /** Whether the registered version is this one (same content and config). */
    private boolean sameVersion(LoadedPack p) {
        Optional<Pack> previous = store.store(Kinds.PACK).get(p.pack().id());
        return previous.isPresent()
                && previous.get().contentHash().equals(p.pack().contentHash())
                && unchanged(p);
    }

    /** Nothing to write: this version is registered without errors, has none now and warns of nothing. */
    private boolean clean(LoadedPack p) {
        if (!p.valid() || !p.warnings().isEmpty() || !sameVersion(p)) {
            return false;
        }
        return store.store(Kinds.PACK)
                        .get(p.pack().id())
                        .map(previous -> previous.errors().isEmpty())
                        .orElse(false)
                && ShellWarnings.check(p).isEmpty();
    }

    /** The pack's warnings: its own, {@code builtIn} (ignored system trigger types) and unsafe shell commands. */
    private static List<ContentError> warnings(LoadedPack p, List<ContentError> builtIn) {
        List<ContentError> warnings = new ArrayList<>(p.warnings());
        warnings.addAll(builtIn);
        warnings.addAll(ShellWarnings.check(p));
        warnings.forEach(w -> log.warn("pack content warning pack={} warning=\"{}\"", p.ref(), w));
        return warnings;
    }

    /**
     * The pack without definitions of the engine's own trigger types (an older {@code core} pack shipped
     * them as files): the built-in definition stays, and each ignored file is a warning.
     */
    private static LoadedPack withoutSystemTriggerTypes(LoadedPack p, List<ContentError> warnings) {
        List<TriggerType> own = new ArrayList<>();
        for (TriggerType t : p.triggerTypes()) {
            if (Catalogue.systemTriggerType(t.ref()).isEmpty()) {
                own.add(t);
                continue;
            }
            ContentError w = ContentError.of(
                    p.dir().getParent().getFileName() + "/" + p.dir().getFileName() + "/" + t.metadataFile(),
                    "trigger type '" + t.ref() + "' is built into the engine; this definition is ignored");
            warnings.add(w);
        }
        return own.size() == p.triggerTypes().size() ? p : p.withTriggerTypes(own);
    }

    private void writeTriggers(Pending w) {
        LoadedPack p = w.pack;
        String ref = p.ref();
        ItemSync.sync(
                store.store(Kinds.TRIGGER_TYPE), ref, p.triggerTypes(), p.failedFiles(), TriggerType::metadataFile);
        p.triggerTypes().forEach(triggers::ensureSimple);
        ItemSync.sync(store.store(Kinds.SENSOR_TYPE), ref, p.sensors(), p.failedFiles(), SensorType::metadataFile);
    }

    private void writeActions(Pending w) {
        LoadedPack p = w.pack;
        ItemSync.sync(store.store(Kinds.ACTION), p.ref(), p.actions(), p.failedFiles(), Action::metadataFile);
    }

    /** Rules (their trigger types are all written by now), policies, aliases and the config. */
    private void writeReferencing(Pending w) {
        LoadedPack p = w.pack;
        String ref = p.ref();
        List<Rule> rules = new ArrayList<>();
        Set<String> failed = new java.util.HashSet<>(p.failedFiles());
        for (Rule r : p.rules()) {
            Optional<TriggerType> type = store.store(Kinds.TRIGGER_TYPE)
                    .findOne(ContentQueries.byRef(r.trigger().type()));
            if (type.isPresent()) {
                rules.add(triggers.resolve(r, type.get()));
            } else {
                w.errors.add(CrossChecks.at(
                        p,
                        r.metadataFile(),
                        List.of("trigger", "type"),
                        "rule '" + r.ref() + "': trigger type '" + r.trigger().type() + "' does not exist"));
                failed.add(r.metadataFile());
            }
        }
        List<String> usedBefore = store.store(Kinds.RULE).find(Query.of(ContentQueries.byPack(ref))).stream()
                .map(r -> r.trigger().ref())
                .toList();
        ItemSync.sync(
                store.store(Kinds.RULE),
                ref,
                new OperatorRuleSwitches(store, content).apply(ref, rules),
                failed,
                Rule::metadataFile);
        ruleTriggers.release(usedBefore);
        ItemSync.sync(store.store(Kinds.POLICY), ref, p.policies(), failed, Policy::metadataFile);
        ItemSync.sync(store.store(Kinds.ACTION_ALIAS), ref, p.aliases(), failed, ActionAlias::metadataFile);
        if (p.configSchema() != null) {
            store.store(Kinds.CONFIG_SCHEMA)
                    .save(new ConfigSchema(Ids.derived("config_schema", ref), ref, p.configSchema()));
            store.store(Kinds.PACK_CONFIG).save(PackConfig.of(ref, p.config()));
        } else {
            store.store(Kinds.CONFIG_SCHEMA).delete(Ids.derived("config_schema", ref));
            store.store(Kinds.PACK_CONFIG).delete(PackConfig.idOf(ref));
        }
    }

    /** Writes the pack record, with its current errors: what makes this version active. */
    private RegistrationResult finish(Pending w) {
        Pack pack = w.pack.pack()
                .withErrors(w.errors.stream().map(ContentError::toString).toList());
        store.store(Kinds.PACK).save(pack);
        w.errors.forEach(e -> log.warn("pack content error pack={} error=\"{}\"", pack.ref(), e));
        log.info(
                "pack registered pack={} version={} content={} errors={} warnings={}",
                pack.ref(),
                pack.version(),
                pack.contentHash(),
                w.errors.size(),
                w.warnings.size());
        return new RegistrationResult(
                pack.ref(), pack.contentHash(), w.changed, false, counts(w.pack), w.errors, w.warnings);
    }

    /** Whether the stored config matches the loaded one (the config file lives outside the pack). */
    private boolean unchanged(LoadedPack p) {
        Optional<PackConfig> stored =
                store.store(Kinds.PACK_CONFIG).get(PackConfig.idOf(p.pack().ref()));
        if (p.config() == null) {
            return stored.isEmpty();
        }
        return stored.isPresent() && stored.get().values().equals(p.config());
    }

    private static Map<String, Integer> counts(LoadedPack p) {
        Map<String, Integer> c = new LinkedHashMap<>();
        c.put("actions", p.actions().size());
        c.put("sensors", p.sensors().size());
        c.put("triggers", p.triggerTypes().size());
        c.put("rules", p.rules().size());
        c.put("aliases", p.aliases().size());
        c.put("policies", p.policies().size());
        c.put("configs", p.config() == null ? 0 : 1);
        return c;
    }

    /** Resolves references against the batch first, then the store. */
    private final class Known implements CrossChecks.Known {
        private final Set<String> actions = new java.util.HashSet<>();
        private final Map<String, TriggerType> triggerTypes = new HashMap<>();

        Known(List<LoadedPack> batch) {
            for (LoadedPack p : batch) {
                p.actions().forEach(a -> actions.add(a.ref()));
                p.triggerTypes().stream()
                        .filter(t -> Catalogue.systemTriggerType(t.ref()).isEmpty())
                        .forEach(t -> triggerTypes.put(t.ref(), t));
            }
        }

        @Override
        public boolean action(String ref) {
            return actions.contains(ref)
                    || store.store(Kinds.ACTION)
                            .findOne(ContentQueries.byRef(ref))
                            .isPresent();
        }

        @Override
        public Optional<TriggerType> triggerType(String ref) {
            Optional<TriggerType> system = Catalogue.systemTriggerType(ref);
            if (system.isPresent()) {
                return system;
            }
            TriggerType t = triggerTypes.get(ref);
            return t != null ? Optional.of(t) : store.store(Kinds.TRIGGER_TYPE).findOne(ContentQueries.byRef(ref));
        }
    }
}
