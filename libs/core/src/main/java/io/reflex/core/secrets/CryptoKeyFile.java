package io.reflex.core.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datastore key file on disk. Every node that reads or writes secrets needs the same file (as in
 * StackStorm, distributing it is the operator's job; {@code reflex up} makes one in the data directory).
 */
public final class CryptoKeyFile {
    private static final Logger log = LoggerFactory.getLogger(CryptoKeyFile.class);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private CryptoKeyFile() {}

    /**
     * Reads a key file.
     *
     * @throws CryptoException naming the path when it is missing, unreadable or malformed
     */
    public static CryptoKey read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CryptoException("cannot read crypto key file " + file + ": " + e.getMessage(), e);
        }
        try {
            return CryptoKey.fromJson(json);
        } catch (CryptoException e) {
            throw new CryptoException("Invalid or malformed key file \"" + file + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the key file, first writing a new random key there (mode 0600, directory 0700) when none exists.
     * Safe when several processes start at once on the same directory: the file appears atomically and only
     * the first writer's key is kept, everyone else reads it.
     *
     * @throws CryptoException when the file cannot be written or read
     */
    public static CryptoKey loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            create(file);
        }
        return read(file);
    }

    private static void create(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir, attributes("rwx------"));
            tmp = Files.createTempFile(dir, ".datastore-key", ".tmp", attributes("rw-------"));
            Files.writeString(tmp, CryptoKey.generate(CryptoKey.DEFAULT_SIZE).toJson(), StandardCharsets.UTF_8);
            // A hard link never replaces an existing file: if another process won the race, its key stays.
            Files.createLink(file, tmp);
            log.info("datastore key created path={}", file);
        } catch (FileAlreadyExistsException raced) {
            log.debug("datastore key already created by another process path={}", file);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CryptoException("cannot create crypto key file " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            log.warn("temporary key file not removed path={} error={}", tmp, e.toString());
        }
    }
}
