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
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries shipped on the class path (a {@code postgres-<os>-<arch>.txz} archive
 * inside a Maven Central jar), unpacked into a directory ({@code bin/}, {@code lib/}, {@code share/}). The
 * directory remembers which archive it holds, so a start on an unpacked directory costs nothing and a new
 * archive version replaces the old binaries (the cluster's data are elsewhere and stay).
 */
final class PostgresDistribution {
    private static final String MARKER = ".distribution";

    private PostgresDistribution() {}

    /**
     * Unpacks the binaries into {@code dir} unless it already holds this archive; returns {@code dir}.
     *
     * @throws IllegalStateException when no archive exists for this platform
     */
    static Path unpack(Path dir) {
        String name = archiveName();
        URL archive = PostgresDistribution.class.getClassLoader().getResource(name);
        if (archive == null) {
            throw new IllegalStateException("no embedded PostgreSQL binaries for this platform (" + name
                    + " is not on the class path); use store.uri=embedded:mongo or a postgresql:// server");
        }
        Path marker = dir.resolve(MARKER);
        try {
            if (Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).equals(archive.toString())) {
                return dir;
            }
            for (String part : new String[] {"bin", "lib", "share"}) {
                deleteTree(dir.resolve(part));
            }
            Files.createDirectories(dir);
            try (InputStream in = new BufferedInputStream(archive.openStream());
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    extract(dir, tar, entry);
                }
            }
            Files.writeString(marker, archive.toString(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries into " + dir, e);
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
