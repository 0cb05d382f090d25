package io.reflex.runtime.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.runtime.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The data directory of the embedded backends. One process owns it at a time (an OS file lock on
 * {@code reflex.lock}); the owner publishes the addresses of its embedded servers in
 * {@code endpoints.json} so that other commands on the same machine (e.g. {@code reflex pack register})
 * can reach them instead of starting their own.
 */
public final class DataDir implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDir(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or returns empty when another process holds it. */
    public static Optional<DataDir> tryLock(Path dir) {
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve("reflex.lock");
            FileChannel ch = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldByThisProcess) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new DataDir(dir, ch, l));
        } catch (IOException e) {
            throw new UncheckedIOException("locking data directory " + dir, e);
        }
    }

    /**
     * Takes the directory.
     *
     * @throws ConfigException naming the holder when another process has it
     */
    public static DataDir lock(Path dir) {
        return tryLock(dir)
                .orElseThrow(
                        () -> new ConfigException("data directory " + dir + " is in use by another Reflex process ("
                                + holder(dir) + "); stop it or choose another --data-dir"));
    }

    /** What the lock file says about its holder, e.g. {@code pid 1234}. */
    static String holder(Path dir) {
        try {
            return Files.readString(dir.resolve("reflex.lock"), StandardCharsets.UTF_8)
                    .trim();
        } catch (IOException e) {
            return "unknown pid";
        }
    }

    public Path path() {
        return dir;
    }

    /**
     * Publishes the running servers' addresses (key → URI) for other local commands of the same user: the
     * file is readable by its owner only, since an address may hold a password.
     */
    public void publishEndpoints(Map<String, String> endpoints) {
        Path tmp = dir.resolve("endpoints.json.tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Json.write(endpoints));
            Files.move(
                    tmp,
                    dir.resolve("endpoints.json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.resolve("endpoints.json"), e);
        }
    }

    /** The endpoints published by the process that holds {@code dir}, if one does. */
    public static Optional<JsonNode> runningEndpoints(Path dir) {
        Path file = dir.resolve("endpoints.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<DataDir> free = tryLock(dir);
        if (free.isPresent()) {
            free.get().close(); // nobody holds it: the file is stale
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.resolve("endpoints.json"));
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("releasing data directory " + dir, e);
        }
    }
}
