package io.reflex.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A pack's files as one content-addressed archive. The hash is SHA-256 over every file's relative path
 * and bytes in path order (independent of the zip encoding), so the same content always has the same
 * hash on every node. Version-control and cache files are left out.
 */
public record PackArchive(String hash, List<String> files, byte[] zip) {
    private static final Set<String> SKIPPED_DIRS =
            Set.of(".git", ".hg", ".svn", "__pycache__", ".venv", "virtualenv", "node_modules");
    /** Largest pack accepted: content beyond this is almost certainly a mistake (a checked-in build). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** A zip extra field (private header id 0x7878, no data) marking an executable file. */
    private static final byte[] EXECUTABLE = {0x78, 0x78, 0, 0};

    public PackArchive {
        files = List.copyOf(files);
    }

    /** Reads {@code dir} into an archive. */
    public static PackArchive of(Path dir) {
        List<Path> paths = list(dir);
        MessageDigest digest = sha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        long total = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path p : paths) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                byte[] content = Files.readAllBytes(p);
                total += content.length;
                if (total > MAX_BYTES) {
                    throw new ContentException(
                            ContentError.of(dir.toString(), "pack is larger than " + (MAX_BYTES >> 20) + " MiB"));
                }
                digest.update(rel.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
                digest.update((byte) 0);
                ZipEntry e = new ZipEntry(rel);
                e.setTime(0);
                if (Files.isExecutable(p)) {
                    e.setExtra(EXECUTABLE.clone());
                }
                zip.putNextEntry(e);
                zip.write(content);
                zip.closeEntry();
                names.add(rel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading pack " + dir, e);
        }
        return new PackArchive(HexFormat.of().formatHex(digest.digest()), names, bytes.toByteArray());
    }

    /** Only the hash of {@code dir}'s content, without building the archive. */
    public static String hashOf(Path dir) {
        MessageDigest digest = sha256();
        try {
            for (Path p : list(dir)) {
                digest.update(dir.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(p));
                digest.update((byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading pack " + dir, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Unpacks {@code zip} into {@code target} (which must not exist), refusing entries that would escape it,
     * and checks that the content hashes to {@code expectedHash}.
     *
     * @throws ContentException when the content does not match the hash
     */
    public static void extract(byte[] zip, String expectedHash, Path target) {
        try {
            Files.createDirectories(target);
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new ContentException(
                                ContentError.of(e.getName(), "archive entry escapes the pack directory"));
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    if (executable(e.getExtra())) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking into " + target, e);
        }
        String actual = hashOf(target);
        if (!actual.equals(expectedHash)) {
            throw new ContentException(ContentError.of(
                    target.toString(), "content hash " + actual + " does not match the registered " + expectedHash));
        }
    }

    /** Whether the zip extra data holds our executable marker among its (id, size, data) fields. */
    private static boolean executable(byte[] extra) {
        int i = 0;
        while (extra != null && i + 4 <= extra.length) {
            int id = (extra[i] & 0xff) | (extra[i + 1] & 0xff) << 8;
            int size = (extra[i + 2] & 0xff) | (extra[i + 3] & 0xff) << 8;
            if (id == 0x7878) {
                return true;
            }
            i += 4 + size;
        }
        return false;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> dir.relativize(p).toString().chars().noneMatch(c -> c == 0))
                    .filter(p -> !skipped(dir.relativize(p)))
                    .sorted((a, b) -> dir.relativize(a)
                            .toString()
                            .replace('\\', '/')
                            .compareTo(dir.relativize(b).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing pack " + dir, e);
        }
    }

    private static boolean skipped(Path rel) {
        for (Path part : rel) {
            if (SKIPPED_DIRS.contains(part.toString())) {
                return true;
            }
        }
        String name = rel.getFileName().toString();
        return name.endsWith(".pyc") || name.equals(".DS_Store") || name.endsWith("~") || name.startsWith(".#");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
