package io.reflex.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a pack directory, as far as they provably belong to it. Nothing here follows a link out of
 * the pack:
 *
 * <ul>
 *   <li>a symbolic link whose real path is inside the pack and is a regular file is kept, and stands for the
 *       file it points to (archives hold that file's bytes, never a link);
 *   <li>a symbolic link that resolves outside the pack, to a directory, to nothing, or in a loop is refused;
 *   <li>a regular file with more than one hard link is refused: another name of it may be outside the pack;
 *   <li>anything else that is not a regular file or directory (fifo, socket, device) is refused.
 * </ul>
 *
 * Refusals are located {@link ContentError}s naming the file. Every read ({@link #read}) checks again, at the
 * moment of reading, that the path's real location is inside the pack and a single-link regular file, and
 * opens it without following a final link, so a link swapped in after the scan is not followed either.
 */
public final class PackFiles {
    /** Directories that are never part of a pack's content. */
    static final Set<String> SKIPPED_DIRS =
            Set.of(".git", ".hg", ".svn", "__pycache__", ".venv", "virtualenv", "node_modules");

    private PackFiles() {}

    /** What a scan found: the pack's files (relative, sorted by their {@code /}-separated path) and refusals. */
    public record Scan(Path root, List<String> files, List<ContentError> refused) {
        public Scan {
            files = List.copyOf(files);
            refused = List.copyOf(refused);
        }
    }

    /**
     * Lists the content files of {@code dir} without following links; {@code display} is how errors name
     * the directory (e.g. {@code packs/foo}).
     */
    public static Scan scan(Path dir, String display) {
        Path root = realDir(dir);
        List<String> files = new ArrayList<>();
        List<ContentError> refused = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(root)
                                            && SKIPPED_DIRS.contains(
                                                    d.getFileName().toString())
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            String rel = relative(root, f);
                            if (rel.indexOf(0) >= 0
                                    || skippedName(f.getFileName().toString())) {
                                return FileVisitResult.CONTINUE;
                            }
                            String problem = problem(root, f, attrs);
                            if (problem == null) {
                                files.add(rel);
                            } else {
                                refused.add(ContentError.of(display + "/" + rel, problem));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) {
                            refused.add(ContentError.of(
                                    display + "/" + relative(root, f), "cannot read: " + e.getMessage()));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("listing pack " + dir, e);
        }
        files.sort(Comparator.naturalOrder());
        return new Scan(root, files, refused);
    }

    /**
     * The bytes of {@code file}, which must lie inside {@code root}: its real path is checked right before
     * reading, the final name is opened without following links, and at most {@code maxBytes} are read.
     *
     * @throws ContentException naming {@code name} when the file leaves the pack, is not a single-link regular
     *     file, or is larger than {@code maxBytes}
     * @throws NoSuchFileException when it does not exist
     */
    public static byte[] read(Path root, Path file, String name, long maxBytes) throws IOException {
        Path real = checked(root, file, name);
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ContentException(ContentError.of(name, tooLarge(maxBytes)));
            }
            return bytes;
        }
    }

    /**
     * The real path of {@code file} after checking that it is a single-link regular file inside {@code root}.
     *
     * @throws ContentException naming {@code name} when it is not
     * @throws NoSuchFileException when it does not exist
     */
    public static Path checked(Path root, Path file, String name) throws IOException {
        Path realRoot = root.toRealPath();
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new ContentException(ContentError.of(name, "resolves outside the pack (links are not followed out)"));
        }
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new ContentException(ContentError.of(name, "is not a regular file"));
        }
        if (links(real) > 1) {
            throw new ContentException(ContentError.of(name, hardLinked(links(real))));
        }
        return real;
    }

    /** The refusal message for a file over the size limit, naming the setting that raises it. */
    static String tooLarge(long maxBytes) {
        return "file is larger than content.max_file_bytes (" + maxBytes + " bytes)";
    }

    private static String problem(Path root, Path f, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return linkProblem(root, f);
        }
        if (!attrs.isRegularFile()) {
            return "not a regular file (fifo, socket or device): refused";
        }
        long n = links(f);
        return n > 1 ? hardLinked(n) : null;
    }

    private static String linkProblem(Path root, Path link) {
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            return "symbolic link to nothing (or a link loop): refused";
        }
        if (!real.startsWith(root)) {
            return "symbolic link to a target outside the pack: refused (links are not followed out of a pack)";
        }
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return "symbolic link to a directory: refused (only links to files inside the pack are followed)";
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return "symbolic link to something that is not a regular file: refused";
        }
        long n = links(real);
        return n > 1 ? "symbolic link to a file that " + hardLinked(n) : null;
    }

    private static String hardLinked(long n) {
        return "has " + n + " hard links: refused (another name of it may lie outside the pack)";
    }

    /** The hard-link count, or 1 where the file system does not tell. */
    private static long links(Path f) {
        try {
            Object n = Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return n instanceof Number num ? num.longValue() : 1;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path realDir(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("resolving pack directory " + dir, e);
        }
    }

    static String relative(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    private static boolean skippedName(String name) {
        return name.endsWith(".pyc") || name.equals(".DS_Store") || name.endsWith("~") || name.startsWith(".#");
    }
}
