package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.content.ContentException;
import io.reflex.content.ItemDocuments;
import io.reflex.content.PackFiles;
import io.reflex.content.RegistrationResult;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionViews;
import io.reflex.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files behind actions in this node's packs directory: {@code data_files} written on create and
 * update, files removed on delete ({@code remove_files}), and clones. Every path is resolved inside the
 * pack (a path escaping it is a 400); after a change the pack is re-registered so the stored content —
 * what runners on every node use — matches the directory.
 */
final class ActionsFiles {
    private static final Logger log = LoggerFactory.getLogger(ActionsFiles.class);
    static final Set<String> SYSTEM_PACKS = Set.of("chatops", "core", "packs", "linux");

    /** One {@code data_files} entry: a path relative to the pack's {@code actions/} directory. */
    record DataFile(String filePath, String content) {}

    private final ApiContext api;
    private final PacksLocal packs;

    ActionsFiles(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
    }

    static List<DataFile> dataFiles(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("field 'data_files': expected array, got " + Json.write(node));
        }
        List<DataFile> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode f = node.get(i);
            for (String field : List.of("file_path", "content")) {
                if (!f.path(field).isTextual()) {
                    throw ApiException.badRequest("field 'data_files[" + i + "]." + field + "': expected string");
                }
            }
            out.add(new DataFile(f.get("file_path").asText(), f.get("content").asText()));
        }
        return out;
    }

    /** Checks every path first, then writes; nothing is written when one path is bad. */
    void write(Action action, List<DataFile> files) {
        if (files.isEmpty()) {
            return;
        }
        Path dir = packs.packDir(action.pack());
        Map<Path, String> targets = new LinkedHashMap<>();
        for (DataFile f : files) {
            Path target = PacksLocal.inside(dir, "actions/" + f.filePath(), "pack");
            checkWritable(dir, target);
            targets.put(target, f.content());
        }
        targets.forEach((target, content) -> writeFile(dir, target, content));
    }

    /** Re-registers the pack and fires {@code core.st2.action.file_written} for each written file. */
    void afterWrite(Action action, List<DataFile> files) {
        if (files.isEmpty()) {
            return;
        }
        reregister(action.pack());
        Path dir = packs.packDir(action.pack());
        for (DataFile f : files) {
            ObjectNode payload = Json.object()
                    .put("ref", action.ref())
                    .put(
                            "file_path",
                            dir.resolve("actions")
                                    .resolve(f.filePath())
                                    .normalize()
                                    .toString());
            payload.putObject("host_info")
                    .put("hostname", hostname())
                    .put("pid", ProcessHandle.current().pid());
            dispatch("core.st2.action.file_written", payload);
        }
    }

    /** Deletes the action's metadata and entry point files from the pack directory (when present). */
    void remove(Action action) {
        Path dir;
        try {
            dir = packs.packDir(action.pack());
        } catch (ApiException noDirectory) {
            return; // content created through the API in a pack without a directory: no files
        }
        if (!action.metadataFile().isEmpty()) {
            delete(PacksLocal.inside(dir, action.metadataFile(), "pack"));
        }
        if (!action.entryPoint().isEmpty()) {
            delete(PacksLocal.inside(dir, "actions/" + action.entryPoint(), "pack"));
        }
        reregister(action.pack());
    }

    /**
     * Copies {@code source} into {@code destPack} as {@code destName}: a metadata file and the entry point
     * (read from the source pack's registered content), then registers the destination pack, which creates
     * the action exactly as a file in that pack would. {@code replaced} is deleted first.
     */
    Action cloneInto(Action source, String destPack, String destName, Action replaced) {
        if (SYSTEM_PACKS.contains(destPack)) {
            throw ApiException.badRequest("Resources belonging to system level packs can't be manipulated");
        }
        Path destDir;
        try {
            destDir = packs.packDir(destPack);
        } catch (ApiException e) {
            throw ApiException.badRequest("Destination pack '" + destPack + "' doesn't exist");
        }
        String entryPoint = clonedEntryPoint(source, destName);
        String code = entryPoint.isEmpty() ? null : sourceEntryPoint(source);
        Path metadata = PacksLocal.inside(destDir, "actions/" + destName + ".yaml", "pack");
        Path entry = entryPoint.isEmpty() ? null : PacksLocal.inside(destDir, "actions/" + entryPoint, "pack");
        if (replaced != null) {
            api.store().store(Kinds.ACTION).delete(replaced.id());
            remove(replaced);
        }
        ObjectNode doc = ActionsController.view(source);
        doc.remove(List.of("id", "ref", "uid", "metadata_file"));
        doc.put("name", destName).put("pack", destPack).put("entry_point", entryPoint);
        checkWritable(destDir, metadata);
        if (entry != null) {
            checkWritable(destDir, entry);
        }
        writeFile(destDir, metadata, ItemDocuments.toYaml(doc));
        if (entry != null) {
            writeFile(destDir, entry, code);
        }
        List<RegistrationResult> results = packs.register(destPack);
        return api.store()
                .store(Kinds.ACTION)
                .findOne(ContentQueries.byRef(destPack + "." + destName))
                .orElseThrow(() -> {
                    delete(metadata);
                    if (entry != null) {
                        delete(entry);
                    }
                    return ApiException.badRequest("Could not register the cloned action: "
                            + results.stream().flatMap(r -> r.errors().stream()).toList());
                });
    }

    private static String clonedEntryPoint(Action source, String destName) {
        if (source.entryPoint().isEmpty()) {
            return "";
        }
        if (ExecutionViews.WORKFLOW_RUNNERS.contains(source.runnerType())) {
            return "workflows/" + destName + ".yaml";
        }
        String ep = source.entryPoint();
        int dot = ep.lastIndexOf('.');
        return destName + (dot > ep.lastIndexOf('/') && dot >= 0 ? ep.substring(dot) : "");
    }

    private String sourceEntryPoint(Action source) {
        Pack pack = api.store()
                .store(Kinds.PACK)
                .findOne(ContentQueries.byRef(source.pack()))
                .orElseThrow(() -> ApiException.badRequest("Pack \"" + source.pack() + "\" is not registered"));
        try {
            byte[] bytes = PacksLocal.read(
                    packs.content(pack), "actions/" + source.entryPoint(), ActionsViews.MAX_ENTRY_POINT_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (ApiException e) {
            throw ApiException.badRequest(
                    "Entry point file \"" + source.entryPoint() + "\" of action \"" + source.ref() + "\" not found");
        }
    }

    private void reregister(String pack) {
        packs.register(pack); // the registrar logs the pack's errors
    }

    private void dispatch(String trigger, ObjectNode payload) {
        TriggerDispatch d = new TriggerDispatch(Ids.newId(), trigger, payload, Timestamps.now(api.clock()), "");
        try {
            api.bus().publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
        } catch (RuntimeException e) {
            // The file is written already; a lost notification must not fail the request.
            log.warn("trigger dispatch failed trigger={} error={}", trigger, e.toString());
        }
    }

    /**
     * Refuses a write that would leave the pack directory through a link: the nearest existing ancestor of
     * {@code target} must really be inside {@code packDir}, and an existing target must be a single-link
     * regular file (not a link, not a hard link).
     */
    private static void checkWritable(Path packDir, Path target) {
        try {
            Path existing = target.getParent();
            while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            Path root = packDir.toRealPath();
            boolean inside = existing.toRealPath().startsWith(root);
            if (inside && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                PackFiles.checked(packDir, target, target.toString());
                inside = !Files.isSymbolicLink(target);
            }
            if (!inside) {
                throw outside(target);
            }
        } catch (ContentException e) {
            throw outside(target);
        } catch (IOException e) {
            throw new UncheckedIOException("checking " + target, e);
        }
    }

    private static ApiException outside(Path target) {
        return ApiException.badRequest("Invalid file path: \"" + target.getFileName()
                + "\" resolves outside the pack directory (links are not followed out of a pack)");
    }

    private static void writeFile(Path packDir, Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            checkWritable(packDir, target);
            try (var out = Files.newOutputStream(
                    target,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    private static void delete(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + target, e);
        }
    }

    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
