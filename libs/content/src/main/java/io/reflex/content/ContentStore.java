package io.reflex.content;

import io.reflex.core.json.Timestamps;
import io.reflex.core.model.ContentBlob;
import io.reflex.core.model.ContentChunk;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Pack archives in the state store, addressed by content hash: the way content reaches every node
 * without a shared file system. Chunks are written before the blob record, so a blob that can be read
 * is complete. Writing the same hash again is a no-op.
 */
public final class ContentStore {
    /** Raw bytes per chunk: well under MongoDB's 16 MiB document limit once base64-encoded. */
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final Store<ContentBlob> blobs;
    private final Store<ContentChunk> chunks;
    private final Clock clock;

    public ContentStore(StateStore store, Clock clock) {
        this.blobs = store.store(Kinds.CONTENT_BLOB);
        this.chunks = store.store(Kinds.CONTENT_CHUNK);
        this.clock = clock;
    }

    /** Stores the archive unless its hash is stored already; returns true when it wrote something. */
    public boolean put(String pack, PackArchive archive) {
        if (blobs.get(archive.hash()).isPresent()) {
            return false;
        }
        byte[] zip = archive.zip();
        int count = Math.max(1, (zip.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(zip, i * CHUNK_BYTES, Math.min(zip.length, (i + 1) * CHUNK_BYTES));
            chunks.insertIfAbsent(new ContentChunk(
                    chunkId(archive.hash(), i),
                    archive.hash(),
                    i,
                    Base64.getEncoder().encodeToString(part)));
        }
        blobs.insertIfAbsent(new ContentBlob(archive.hash(), pack, zip.length, count, Timestamps.now(clock)));
        return true;
    }

    /** The archive bytes of {@code hash}, if stored. */
    public Optional<byte[]> get(String hash) {
        Optional<ContentBlob> blob = blobs.get(hash);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        List<ContentChunk> parts = chunks.find(Query.of(Filter.eq("blob", hash)).sorted(Sort.by("index")));
        if (parts.size() != blob.get().chunks()) {
            throw new ContentException(ContentError.of(
                    hash,
                    "stored archive has " + parts.size() + " of " + blob.get().chunks() + " chunks"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) blob.get().size());
        for (ContentChunk c : parts) {
            out.writeBytes(Base64.getDecoder().decode(c.data()));
        }
        return Optional.of(out.toByteArray());
    }

    /** Deletes the archive of {@code hash} (chunks after the blob record, so readers never see half of it). */
    public void delete(String hash) {
        blobs.delete(hash);
        chunks.deleteMatching(Filter.eq("blob", hash), Integer.MAX_VALUE);
    }

    private static String chunkId(String hash, int index) {
        return hash + "-" + index;
    }
}
