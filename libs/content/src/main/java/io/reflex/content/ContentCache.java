package io.reflex.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's local copy of registered pack content: {@code <cache>/<pack>/<hash>/}, materialised from the
 * state store exactly as registered (the hash is checked after unpacking). A version directory appears
 * atomically (unpacked next to it, then renamed), so a reader never sees half a pack, and two processes
 * materialising the same version at once both end up with one complete copy.
 */
public final class ContentCache {
    private static final Logger log = LoggerFactory.getLogger(ContentCache.class);

    private final Path root;
    private final ContentStore content;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public ContentCache(Path root, ContentStore content) {
        this.root = root.toAbsolutePath().normalize();
        this.content = content;
    }

    /**
     * The directory holding version {@code hash} of {@code pack}, fetched from the store if this node does
     * not have it yet.
     *
     * @throws ContentException when the store has no such version or it does not match its hash
     */
    public Path materialise(String pack, String hash) {
        Path target = root.resolve(pack).resolve(hash);
        if (Files.isDirectory(target)) {
            return target;
        }
        synchronized (locks.computeIfAbsent(hash, h -> new Object())) {
            if (Files.isDirectory(target)) {
                return target;
            }
            byte[] zip = content.get(hash)
                    .orElseThrow(() -> new ContentException(
                            ContentError.of(pack, "content version " + hash + " is not in the store")));
            Path tmp = root.resolve(pack)
                    .resolve(".tmp-" + hash + "-" + ProcessHandle.current().pid() + "-"
                            + Thread.currentThread().threadId());
            try {
                deleteTree(tmp);
                PackArchive.extract(zip, hash, tmp);
                move(tmp, target);
            } finally {
                deleteTree(tmp);
            }
            log.info("pack content materialised pack={} content={} dir={}", pack, hash, target);
            return target;
        }
    }

    private static void move(Path tmp, Path target) {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another process won the race with the same (hash-checked) content: use theirs
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("content cache needs atomic renames: " + target.getParent(), e);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw new UncheckedIOException("materialising " + target, e);
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
