package io.reflex.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.ContentException;
import io.reflex.content.PackInstaller;
import io.reflex.content.PackRemoval;
import io.reflex.content.RegistrationResult;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /packs/install} and {@code POST /packs/uninstall}. StackStorm runs the {@code packs.install}
 * and {@code packs.uninstall} workflows and answers 202 with the execution's id. Reflex has no such
 * workflows: the API does the work itself (install with {@link PackInstaller} and register; or delete the
 * directory, the virtualenv and the registration), then stores an execution of the built-in ref
 * {@code packs.install} / {@code packs.uninstall} already completed ({@code succeeded} or {@code failed},
 * with the outcome as its result), and answers 202 with its id, so clients that poll
 * {@code /executions/{id}} see the outcome as they would in StackStorm.
 */
final class PacksOperations implements Controller {
    private static final Logger log = LoggerFactory.getLogger(PacksOperations.class);
    private static final Pattern PACK_NAME = Pattern.compile("^[a-z0-9_]+$");
    private static final Set<String> SYSTEM_PACKS = Set.of("core", "packs");
    static final String RUNNER = "reflex-api";

    private final ApiContext api;
    private final PacksLocal packs;

    PacksOperations(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
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
        Instant start = Timestamps.now(api.clock());
        ObjectNode result = Json.object();
        boolean ok = true;
        try {
            List<String> installed = new ArrayList<>();
            ArrayNode venvs = result.putArray("virtualenvs");
            for (String source : sources) {
                PackInstaller.Result r = packs.installer().install(source, skipDeps);
                installed.addAll(r.packs());
                r.virtualenvs().forEach(venvs::add);
            }
            result.set("packs", Json.mapper().valueToTree(installed));
            ok = registered(installed, result);
        } catch (ContentException | UncheckedIOException e) {
            ok = false;
            result.put("error", e.getMessage());
        }
        ObjectNode params = Json.object();
        params.set("packs", Json.mapper().valueToTree(sources));
        if (force) {
            params.put("force", true);
        }
        if (skipDeps) {
            params.put("skip_dependencies", true);
        }
        return accepted(record("install", params, call, start, result, ok));
    }

    /** Registers what was installed; false when a pack could not be registered. */
    private boolean registered(List<String> installed, ObjectNode result) {
        if (installed.isEmpty()) {
            return true;
        }
        boolean ok = true;
        ObjectNode registration = result.putObject("registration");
        for (RegistrationResult r : packs.registration().register(installed)) {
            ObjectNode one = registration.putObject(r.pack());
            one.put("content_hash", r.contentHash());
            one.set(
                    "errors",
                    Json.mapper()
                            .valueToTree(
                                    r.errors().stream().map(Object::toString).toList()));
            one.set(
                    "warnings",
                    Json.mapper()
                            .valueToTree(
                                    r.warnings().stream().map(Object::toString).toList()));
            ok &= !r.rejected();
        }
        return ok;
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
        Instant start = Timestamps.now(api.clock());
        ObjectNode result = Json.object();
        boolean ok = true;
        try {
            for (String n : names) {
                remove(n);
            }
            result.set("packs", Json.mapper().valueToTree(names));
            result.put("message", "Successfully uninstalled packs: " + String.join(", ", names));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            ok = false;
            result.put("error", e.getMessage());
        }
        ObjectNode params = Json.object();
        params.set("packs", Json.mapper().valueToTree(names));
        return accepted(record("uninstall", params, call, start, result, ok));
    }

    /**
     * 400 naming the field for a pack that is neither registered nor on disk: reporting its removal as a
     * success would tell the caller something false (a misspelt name, another node's pack).
     */
    private void requireInstalled(String pack) {
        boolean registered =
                api.store().store(Kinds.PACK).findOne(Filter.eq("ref", pack)).isPresent();
        if (!registered && !Files.isDirectory(packs.dirs().packsDir().resolve(pack))) {
            throw ApiException.badRequest("field 'packs': pack \"" + pack + "\" is not installed");
        }
    }

    private void remove(String pack) {
        if (SYSTEM_PACKS.contains(pack)) {
            throw new IllegalArgumentException("Uninstalling system pack \"" + pack + "\" is not allowed");
        }
        deleteTree(packs.dirs().packsDir().resolve(pack));
        deleteTree(packs.dirs().virtualenvsDir().resolve(pack));
        PackRemoval.unregister(api.store(), pack);
    }

    /**
     * Stores the completed execution of {@code packs.<name>}: created and moved through its statuses in
     * memory (each change checked by the state machine), then written once, so no runner ever sees it
     * waiting to be run.
     */
    private String record(String name, ObjectNode params, Call call, Instant start, ObjectNode result, boolean ok) {
        ObjectNode action = Json.object()
                .put("ref", "packs." + name)
                .put("name", name)
                .put("pack", "packs")
                .put("uid", "action:packs:" + name)
                .put("description", "Runs pack " + name + " inside the API (Reflex has no packs workflows)")
                .put("enabled", true)
                .put("entry_point", "")
                .put("runner_type", RUNNER);
        ObjectNode runner = Json.object().put("name", RUNNER).put("description", "work done by the API itself");
        Instant end = Timestamps.now(api.clock());
        Execution e = Execution.request(Ids.newId(), ExecutionStatus.REQUESTED, start, action, runner, params)
                .update(b -> b.context =
                        Json.object().put("user", call.principal().user()).put("pack", "packs"))
                .transitionTo(ExecutionStatus.SCHEDULED, start)
                .transitionTo(ExecutionStatus.RUNNING, start)
                .withResult(result)
                .transitionTo(ok ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED, end);
        api.store().executions().insert(e);
        log.info(
                "pack operation done operation={} execution={} status={} user={}",
                name,
                e.id(),
                e.status().wire(),
                call.principal().user());
        return e.id();
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

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
