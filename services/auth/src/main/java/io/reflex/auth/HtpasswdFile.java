package io.reflex.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache htpasswd file ({@code user:hash} per line; {@code #} comments and blank lines ignored): the
 * flat-file backend of StackStorm's auth service. The file is re-read whenever its modification time or size
 * changes, so operators edit it with {@code htpasswd} while the service runs. A missing file means no users.
 * Thread-safe; every call may touch the disk.
 */
final class HtpasswdFile implements PasswordBackend {
    private static final Logger log = LoggerFactory.getLogger(HtpasswdFile.class);

    private final Path path;
    private Map<String, String> entries = Map.of();
    private FileTime readMtime;
    private long readSize = -1;
    private volatile String dummyHash;

    HtpasswdFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    Path path() {
        return path;
    }

    /**
     * Whether {@code password} matches the user's hash. Unknown users cost one hash check too, so timing
     * does not tell which user names exist.
     */
    @Override
    public boolean authenticate(String user, String password) {
        String hash = current().get(user);
        if (hash == null) {
            PasswordHashes.verify(password, dummy());
            return false;
        }
        return PasswordHashes.verify(password, hash);
    }

    boolean contains(String user) {
        return current().containsKey(user);
    }

    /**
     * Appends {@code user} with {@code hash} (atomically replacing the file; created with mode 0600).
     *
     * @throws IllegalArgumentException when the user exists already or the name cannot be stored
     */
    synchronized void add(String user, String hash) {
        if (user.isEmpty() || user.contains(":") || user.contains("\n") || hash.contains("\n")) {
            throw new IllegalArgumentException("user names may not be empty or contain ':' or line breaks");
        }
        if (contains(user)) {
            throw new IllegalArgumentException("user '" + user + "' exists already in " + path);
        }
        try {
            String before = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
            String text = before.isEmpty() || before.endsWith("\n") ? before : before + "\n";
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".htpasswd", ".tmp");
            ownerOnly(tmp);
            Files.writeString(tmp, text + user + ":" + hash + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        readSize = -1;
    }

    /** The entries as of the file's current version. */
    synchronized Map<String, String> current() {
        try {
            FileTime mtime = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (mtime.equals(readMtime) && size == readSize) {
                return entries;
            }
            entries = parse(Files.readAllLines(path, StandardCharsets.UTF_8));
            readMtime = mtime;
            readSize = size;
            log.info("htpasswd file read path={} users={}", path, entries.size());
        } catch (NoSuchFileException e) {
            entries = Map.of();
            readMtime = null;
            readSize = -1;
        } catch (IOException e) {
            // keep serving the last good version; a half-written file must not lock everyone out
            log.warn("htpasswd file unreadable path={} error={}", path, e.toString());
        }
        return entries;
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon <= 0) {
                continue;
            }
            out.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return Map.copyOf(out);
    }

    static void ownerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private String dummy() {
        String d = dummyHash;
        if (d == null) {
            d = PasswordHashes.bcrypt("reflex-no-such-user");
            dummyHash = d;
        }
        return d;
    }
}
