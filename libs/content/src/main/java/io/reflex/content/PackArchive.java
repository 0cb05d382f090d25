package io.reflex.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A pack's files as one content-addressed archive. The hash is SHA-256 over every file's relative path
 * and bytes in path order (independent of the zip encoding), so the same content always has the same
 * hash on every node. Version-control and cache files, and whatever {@link PackFiles} refuses (links out
 * of the pack, hard links, special files), are left out; a link inside the pack is stored as the file it
 * points to, so an archive holds regular files only and unpacks to regular files only.
 */
public record PackArchive(String hash, List<String> files, byte[] zip) {
    /** Largest pack accepted: content beyond this is almost certainly a mistake (a checked-in build). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** A zip extra field (private header id 0x7878, no data) marking an executable file. */
    private static final byte[] EXECUTABLE = {0x78, 0x78, 0, 0};

    public PackArchive {
        files = List.copyOf(files);
    }

    /** Reads {@code dir} into an archive; files {@link PackFiles} refuses are left out. */
    public static PackArchive of(Path dir) {
        return of(PackFiles.scan(dir, dir.toString()));
    }

    /**
     * Reads the files of {@code scan} into an archive, checking each again as it is read.
     *
     * @throws ContentException when a file changed into something refused since the scan, or the pack is too large
     */
    public static PackArchive of(PackFiles.Scan scan) {
        MessageDigest digest = sha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long total = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String rel : scan.files()) {
                Path p = scan.root().resolve(rel);
                byte[] content = PackFiles.read(scan.root(), p, rel, MAX_BYTES);
                total += content.length;
                if (total > MAX_BYTES) {
                    throw new ContentException(ContentError.of(
                            scan.root().toString(), "pack is larger than " + (MAX_BYTES >> 20) + " MiB"));
                }
                digest(digest, rel, content);
                ZipEntry e = new ZipEntry(rel);
                e.setTime(0);
                if (Files.isExecutable(p)) {
                    e.setExtra(EXECUTABLE.clone());
                }
                zip.putNextEntry(e);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading pack " + scan.root(), e);
        }
        return new PackArchive(HexFormat.of().formatHex(digest.digest()), scan.files(), bytes.toByteArray());
    }

    /** Only the hash of {@code dir}'s content, without building the archive. */
    public static String hashOf(Path dir) {
        return hashOf(PackFiles.scan(dir, dir.toString()));
    }

    /** Only the hash of the files of {@code scan}, without building the archive. */
    public static String hashOf(PackFiles.Scan scan) {
        MessageDigest digest = sha256();
        try {
            for (String rel : scan.files()) {
                digest(digest, rel, PackFiles.read(scan.root(), scan.root().resolve(rel), rel, MAX_BYTES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading pack " + scan.root(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void digest(MessageDigest digest, String rel, byte[] content) {
        digest.update(rel.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(content);
        digest.update((byte) 0);
    }

    /**
     * Unpacks {@code zip} into {@code target} (which must not exist), refusing entries that would escape it,
     * and checks that the content hashes to {@code expectedHash}.
     *
     * @throws ContentException when the content does not match the hash
     */
    public static void extract(byte[] zip, String expectedHash, Path target) {
        Path root = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                long total = 0;
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    Path out = entryPath(root, e);
                    Files.createDirectories(out.getParent());
                    if (!out.getParent().toRealPath().startsWith(root.toRealPath())) {
                        throw refusedEntry(e, "its directory resolves outside the pack");
                    }
                    try (OutputStream o = Files.newOutputStream(
                            out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        total += copy(in, o, MAX_BYTES - total, e);
                    } catch (FileAlreadyExistsException dup) {
                        throw refusedEntry(e, "it appears twice");
                    }
                    if (executable(e.getExtra())) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking into " + target, e);
        }
        String actual = hashOf(root);
        if (!actual.equals(expectedHash)) {
            throw new ContentException(ContentError.of(
                    target.toString(), "content hash " + actual + " does not match the registered " + expectedHash));
        }
    }

    /**
     * Where entry {@code e} goes under {@code root}: only plain relative file names are accepted (no
     * {@code ..}, absolute or drive paths, backslashes or directory entries), so nothing lands outside.
     */
    private static Path entryPath(Path root, ZipEntry e) {
        String name = e.getName();
        if (e.isDirectory() || name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf(0) >= 0) {
            throw refusedEntry(e, "it is not a relative file path");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw refusedEntry(e, "it has an empty, '.' or '..' path segment");
            }
        }
        Path out = root.resolve(name).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
            throw refusedEntry(e, "it escapes the pack directory");
        }
        return out;
    }

    private static long copy(InputStream in, OutputStream out, long budget, ZipEntry e) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > budget) {
                throw refusedEntry(e, "the archive unpacks to more than " + (MAX_BYTES >> 20) + " MiB");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    private static ContentException refusedEntry(ZipEntry e, String why) {
        return new ContentException(ContentError.of(e.getName(), "archive entry refused: " + why));
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
