package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.ContentException;
import io.reflex.content.PackInstaller;
import io.reflex.content.PackRemoval;
import io.reflex.content.RegistrationResult;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionWriter;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /packs/install} and {@code POST /packs/uninstall} as executions of {@code packs.install} and
 * {@code packs.uninstall}, answered 202 with the execution's id as StackStorm answers them. StackStorm runs
 * workflows on its runners; in Reflex the work needs this node's packs directory, so the API runs it itself,
 * on a virtual thread, through the same execution lifecycle as any action: the record is stored
 * {@code requested} and moved through {@code scheduled} and {@code running} to {@code succeeded} or
 * {@code failed}, each change written by the {@link ExecutionWriter} (so the stream, the notifier and
 * {@code GET /executions/{id}} see it as they see any execution). The install's result has the shape of
 * StackStorm's workflow result ({@code output.packs_list}, {@code output.warning_list}, which
 * {@code st2 pack install} reads); a failure's is {@code errors} with the message.
 */
final class PacksOperations implements Controller {
    private static final Logger log = LoggerFactory.getLogger(PacksOperations.class);
    private static final Pattern PACK_NAME = Pattern.compile("^[a-z0-9_]+$");
    private static final Set<String> SYSTEM_PACKS = Set.of("core", "packs");
    static final String RUNNER = "reflex-api";

    /** One pack operation's work: fills the result's {@code output}; throws to fail with its message. */
    private interface Work {
        void run(ObjectNode output);
    }

    private final ApiContext api;
    private final PacksLocal packs;
    private final ExecutionWriter writer;

    PacksOperations(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
        this.writer = new ExecutionWriter(api.store().executions(), api.bus(), api.clock());
    }

    @Override
    public void mount(Router v1) {
        v1.post("/packs/install").handler(Endpoints.of(this::install));
        v1.post("/packs/uninstall").handler(Endpoints.of(this::uninstall));
    }

    private Object install(Call call) {
        api.authorizer().require(call.principal(), "pack_install");
        ObjectNode body = call.bodyObject();
        List<String> sources = required(body);
        boolean force = flag(body, "force");
        boolean skipDeps = flag(body, "skip_dependencies");
        ObjectNode params = Json.object();
        params.set("packs", Json.mapper().valueToTree(sources));
        if (force) {
            params.put("force", true);
        }
        if (skipDeps) {
            params.put("skip_dependencies", true);
        }
        return accepted(start("install", params, call, output -> {
            List<String> installed = new ArrayList<>();
            ArrayNode venvs = output.putArray("virtualenvs");
            for (String source : sources) {
                PackInstaller.Result r = packs.installer().install(source, skipDeps);
                installed.addAll(r.packs());
                r.virtualenvs().forEach(venvs::add);
            }
            output.set("packs_list", Json.mapper().valueToTree(installed));
            output.putArray("conflict_list");
            register(installed, output);
            output.put("message", "Successfully installed packs");
        }));
    }

    /**
     * Registers what was installed, with each pack's warnings in {@code warning_list}.
     *
     * @throws ContentException naming the packs whose new content was rejected
     */
    private void register(List<String> installed, ObjectNode output) {
        ArrayNode warnings = output.putArray("warning_list");
        ObjectNode registration = output.putObject("registration");
        List<String> rejected = new ArrayList<>();
        if (installed.isEmpty()) {
            return;
        }
        for (RegistrationResult r : packs.registration().register(installed)) {
            ObjectNode one = registration.putObject(r.pack());
            one.put("content_hash", r.contentHash());
            one.set("errors", strings(r.errors()));
            one.set("warnings", strings(r.warnings()));
            r.warnings().forEach(w -> warnings.add(w.toString()));
            if (r.rejected()) {
                rejected.add(r.pack() + ": "
                        + r.errors().stream().map(Object::toString).collect(Collectors.joining("; ")));
            }
        }
        if (!rejected.isEmpty()) {
            throw new IllegalStateException("Failed to register packs: " + String.join("; ", rejected));
        }
    }

    private static ArrayNode strings(List<?> items) {
        ArrayNode out = Json.mapper().createArrayNode();
        items.forEach(i -> out.add(i.toString()));
        return out;
    }

    private Object uninstall(Call call) {
        api.authorizer().require(call.principal(), "pack_uninstall");
        ObjectNode body = call.bodyObject();
        List<String> names = required(body);
        for (String n : names) {
            if (!PACK_NAME.matcher(n).matches()) {
                throw ApiException.badRequest("field 'packs': '" + n + "' is not a pack name");
            }
            requireInstalled(n);
        }
        ObjectNode params = Json.object();
        params.set("packs", Json.mapper().valueToTree(names));
        return accepted(start("uninstall", params, call, output -> {
            for (String n : names) {
                remove(n);
            }
            output.set("packs", Json.mapper().valueToTree(names));
            output.put("message", "Successfully uninstalled packs: " + String.join(", ", names));
        }));
    }

    /**
     * 400 naming the field for a pack that is neither registered nor on disk: reporting its removal as a
     * success would tell the caller something false (a misspelt name, another node's pack).
     */
    private void requireInstalled(String pack) {
        boolean registered = api.store()
                .store(Kinds.PACK)
                .findOne(ContentQueries.byRef(pack))
                .isPresent();
        if (!registered && packs.dirs().roots().find(pack).isEmpty()) {
            throw ApiException.badRequest("field 'packs': pack \"" + pack + "\" is not installed");
        }
    }

    private void remove(String pack) {
        if (SYSTEM_PACKS.contains(pack) || packs.dirs().roots().isSystem(pack)) {
            throw new IllegalArgumentException("Uninstalling system pack \"" + pack + "\" is not allowed");
        }
        PackRemoval.uninstall(api.store(), packs.dirs().packsDir(), packs.dirs().virtualenvsDir(), pack);
    }

    /**
     * Stores the execution of {@code packs.<name>} as {@code requested} (announced as created) and runs
     * {@code work} on a virtual thread, moving the execution through its statuses to the outcome.
     *
     * @return the execution's id
     */
    private String start(String name, ObjectNode params, Call call, Work work) {
        Action action = new Action(
                "",
                name,
                "packs",
                "Runs pack " + name + " on the API node that received the request",
                true,
                "",
                RUNNER,
                null,
                null,
                null,
                null,
                null);
        RunnerType runner = RunnerType.named(RUNNER, "work done by the API itself");
        String user = call.principal().user();
        Execution requested = Execution.request(
                        Ids.newId(), ExecutionStatus.REQUESTED, Timestamps.now(api.clock()), action, runner, params)
                .withContext(ExecutionContext.EMPTY.withUser(user).withPack("packs"));
        Execution stored = writer.creating(requested, List.of(Announcement.CREATE), false);
        api.store().executions().insert(stored);
        writer.announce(stored);
        log.info("pack operation requested operation={} execution={} user={}", name, stored.id(), user);
        Thread.ofVirtual().name("packs-" + name + "-" + stored.id()).start(() -> run(name, stored.id(), work));
        return stored.id();
    }

    private void run(String name, String id, Work work) {
        ObjectNode result = Json.object();
        ExecutionStatus outcome = ExecutionStatus.SUCCEEDED;
        try {
            moveTo(id, ExecutionStatus.SCHEDULED, null);
            moveTo(id, ExecutionStatus.RUNNING, null);
            work.run(result.putObject("output"));
        } catch (RuntimeException e) {
            outcome = ExecutionStatus.FAILED;
            result.removeAll();
            result.putNull("output");
            result.putArray("errors")
                    .addObject()
                    .put("type", "error")
                    .put("message", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try {
            moveTo(id, outcome, result);
            log.info("pack operation done operation={} execution={} status={}", name, id, outcome.wire());
        } catch (RuntimeException e) {
            log.warn("pack operation outcome not stored operation={} execution={} error={}", name, id, e.toString());
        }
    }

    private void moveTo(String id, ExecutionStatus status, ObjectNode result) {
        writer.apply(id, e -> {
            Execution next = e.transitionTo(status, Timestamps.now(api.clock()));
            return result == null ? next : next.withResult(result);
        });
    }

    private static Reply accepted(String executionId) {
        return Reply.accepted(Map.of("execution_id", executionId));
    }

    private static List<String> required(ObjectNode body) {
        List<String> names = PacksController.stringList(body.get("packs"), "packs");
        if (names.isEmpty()) {
            throw ApiException.badRequest("field 'packs': at least one pack is required");
        }
        return names;
    }

    private static boolean flag(ObjectNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "': expected boolean");
        }
        return v.asBoolean(false);
    }
}
