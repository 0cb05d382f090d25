package io.reflex.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Execution results too large to keep inside the execution record (MongoDB documents stop at 16 MiB, and
 * every status change rewrites the record): the JSON text is stored in chunk records of their own and the
 * record keeps a small stub, {@code {"reflex_result": {"stored": "out_of_line", "size", "chunks", "sha256"}}}.
 * Readers that show or use a result (the API's execution views, action triggers) call {@link #whole} or
 * {@link #withWholeResult}, which return inline results untouched.
 *
 * <p>Chunks are written before the stub can be stored (the record is the truth; chunks without a stub are
 * garbage the GC may remove with the execution), under ids derived from the execution id, so writing the
 * same result again overwrites the same chunks. Blocks on the store.
 */
public final class ExecutionResults {
    /** Where the chunks live: one collection, looked up by execution id. */
    public static final EntityKind<ResultChunk> KIND = new EntityKind<>(
            "execution_result_chunk", ResultChunk.class, List.of(IndexSpec.of("execution_id", "execution_id")));

    static final String STUB_KEY = "reflex_result";

    /** Characters of JSON text per chunk: far below the 16 MiB document limit even at 4 bytes a character. */
    static final int CHUNK_CHARS = 2 * 1024 * 1024;

    /** One piece of an out-of-line result's JSON text. */
    public record ResultChunk(String id, String executionId, int index, String data) implements Entity {
        public ResultChunk {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(executionId, "execution_id");
            data = data == null ? "" : data;
        }
    }

    private final Store<ResultChunk> chunks;
    private final int inlineLimit;

    /** @param inlineLimit the largest result, in bytes of JSON, kept in the execution record */
    public ExecutionResults(StateStore store, int inlineLimit) {
        if (inlineLimit < 1) {
            throw new IllegalArgumentException("inline limit must be >= 1");
        }
        this.chunks = store.store(KIND);
        this.inlineLimit = inlineLimit;
    }

    /**
     * What to put in the record of {@code executionId} for {@code result}: the result itself when it fits the
     * inline limit, otherwise a stub after the text was stored out of line.
     */
    public JsonNode storable(String executionId, JsonNode result) {
        String text = Json.write(result);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= inlineLimit) {
            return result;
        }
        int count = (text.length() + CHUNK_CHARS - 1) / CHUNK_CHARS;
        for (int i = 0; i < count; i++) {
            String part = text.substring(i * CHUNK_CHARS, Math.min(text.length(), (i + 1) * CHUNK_CHARS));
            chunks.save(new ResultChunk(chunkId(executionId, i), executionId, i, part));
        }
        ObjectNode stub = Json.object();
        stub.putObject(STUB_KEY)
                .put("stored", "out_of_line")
                .put("size", bytes.length)
                .put("chunks", count)
                .put("sha256", sha256(bytes));
        return stub;
    }

    /** Whether {@code result} is a stub for a result stored out of line. */
    public static boolean isOutOfLine(JsonNode result) {
        return result != null
                && result.size() == 1
                && "out_of_line".equals(result.path(STUB_KEY).path("stored").asText());
    }

    /**
     * The whole result of {@code e}: its inline result, or the out-of-line text read back and checked.
     *
     * @throws StoreException when chunks are missing or do not match the stub (the result is lost)
     */
    public JsonNode whole(Execution e) {
        return whole(e.id(), e.result());
    }

    /** {@link #whole(Execution)} for a result held outside an execution record (a stream event, a view). */
    public JsonNode whole(String executionId, JsonNode result) {
        if (!isOutOfLine(result)) {
            return result;
        }
        JsonNode stub = result.get(STUB_KEY);
        int count = stub.path("chunks").asInt();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            ResultChunk c = chunks.get(chunkId(executionId, i))
                    .orElseThrow(() -> new StoreException("result of execution " + executionId + " is incomplete"));
            text.append(c.data());
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (!sha256(bytes).equals(stub.path("sha256").asText())) {
            throw new StoreException("result of execution " + executionId + " does not match its digest");
        }
        return Json.read(bytes, JsonNode.class);
    }

    /** {@code e} with its whole result in place of a stub (the same record when the result is inline). */
    public Execution withWholeResult(Execution e) {
        if (!isOutOfLine(e.result())) {
            return e;
        }
        JsonNode whole = whole(e);
        return e.showingResult(whole);
    }

    /** Deletes the out-of-line chunks of {@code executionId} (with the execution, by retention). */
    public long delete(String executionId) {
        return chunks.deleteMatching(Filter.eq("execution_id", executionId), Integer.MAX_VALUE);
    }

    static String chunkId(String executionId, int index) {
        return executionId + "-result-" + index;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
