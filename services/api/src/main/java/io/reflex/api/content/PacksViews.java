package io.reflex.api.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.core.model.Pack;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Reply;
import io.vertx.ext.web.Router;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /packs/views/files/{ref_or_id}} (every text file of the pack with its content) and
 * {@code /packs/views/file/{ref_or_id}/{file_path}} (one file, raw). Files come from the registered
 * version of the pack; its content hash is the ETag, so {@code If-None-Match} answers 304.
 */
final class PacksViews implements Controller {
    /** StackStorm's limit: larger files are left out of the list and refused one by one. */
    static final int MAX_FILE_SIZE = 500 * 1000;
    /** Served without a permission check, as StackStorm does (the UI shows pack icons in lists). */
    private static final String ICON = "icon.png";

    private final ApiContext api;
    private final PacksLocal packs;
    private final PacksController packsController;

    PacksViews(ApiContext api, PacksLocal packs, PacksController packsController) {
        this.api = api;
        this.packs = packs;
        this.packsController = packsController;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/packs/views/files/:ref_or_id").handler(Endpoints.of(this::files));
        v1.get("/packs/views/file/:ref_or_id/*").handler(Endpoints.of(this::file));
    }

    private Object files(Call call) {
        Pack pack = packsController.find(call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "pack_view", pack.uid());
        Path root = packs.content(pack);
        List<ObjectNode> out = new ArrayList<>();
        for (String rel : pack.files()) {
            byte[] bytes;
            try {
                bytes = PacksLocal.read(root, rel, MAX_FILE_SIZE);
            } catch (ApiException e) {
                continue;
            }
            if (binary(bytes)) {
                continue;
            }
            out.add(Json.object().put("file_path", rel).put("content", new String(bytes, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private Object file(Call call) {
        Pack pack = packsController.find(call.path("ref_or_id"));
        String rel = filePath(call);
        if (!rel.equals(ICON)) {
            api.authorizer().require(call.principal(), "pack_view", pack.uid());
        }
        String etag = "\"" + pack.contentHash() + "\"";
        if (call.header("If-None-Match").map(etag::equals).orElse(false)) {
            return new Reply(304, null, "application/json", java.util.Map.of("ETag", etag));
        }
        byte[] bytes = PacksLocal.read(packs.content(pack), rel, MAX_FILE_SIZE);
        String type = URLConnection.guessContentTypeFromName(
                Path.of(rel).getFileName().toString());
        return new Reply(200, bytes, type == null ? "application/octet-stream" : type, java.util.Map.of("ETag", etag));
    }

    /** The path after {@code /file/{ref_or_id}/}, as sent (each segment decoded). */
    private static String filePath(Call call) {
        String rest = call.context().pathParam("*");
        if (rest == null || rest.isBlank()) {
            throw ApiException.badRequest("Missing file path");
        }
        return rest;
    }

    /** StackStorm's test: a UTF-8 BOM or a NUL byte in the first KiB means a binary file. */
    static boolean binary(byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 1024));
        for (int i = 0; i < head.length; i++) {
            if (head[i] == 0) {
                return true;
            }
            if (i + 2 < head.length
                    && (head[i] & 0xff) == 0xEF
                    && (head[i + 1] & 0xff) == 0xBB
                    && (head[i + 2] & 0xff) == 0xBF) {
                return true;
            }
        }
        return false;
    }
}
