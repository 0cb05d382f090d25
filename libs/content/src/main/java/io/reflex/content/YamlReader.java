package io.reflex.content;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads content YAML files within bounds: a file larger than {@code maxFileBytes} is refused before it is
 * parsed (naming {@code content.max_file_bytes}), and the parser is bounded the same way ({@link
 * YamlFile#parse(String, String, long)}). Files of a pack are read through {@link PackFiles#read}, so a
 * link out of the pack is never followed; operator files (configs, overrides) only get the bounds.
 *
 * @param maxFileBytes largest content file accepted, in bytes
 */
public record YamlReader(long maxFileBytes) {
    /** The default of {@code content.max_file_bytes}: far above any real pack file, far below harm. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;

    public static final YamlReader DEFAULT = new YamlReader(DEFAULT_MAX_FILE_BYTES);

    public YamlReader {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
    }

    /**
     * Parses {@code file} of the pack at {@code packRoot}; an absent file is empty, a refused, unreadable,
     * oversized or invalid one adds located errors to {@code errors}.
     */
    Optional<YamlFile> packFile(Path packRoot, Path file, String name, List<ContentError> errors) {
        return read(packRoot, file, name, errors);
    }

    /** Parses an operator file (not part of a pack), with the size and parser bounds only. */
    Optional<YamlFile> operatorFile(Path file, String name, List<ContentError> errors) {
        return read(null, file, name, errors);
    }

    private Optional<YamlFile> read(Path root, Path file, String name, List<ContentError> errors) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = root == null ? bounded(file, name) : PackFiles.read(root, file, name, maxFileBytes);
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(YamlFile.parse(name, text, maxFileBytes));
        } catch (CharacterCodingException e) {
            errors.add(ContentError.of(name, "not valid UTF-8 text"));
        } catch (NoSuchFileException e) {
            errors.add(ContentError.of(name, "symbolic link to nothing: refused"));
        } catch (IOException e) {
            errors.add(ContentError.of(name, "cannot read: " + e.getMessage()));
        } catch (ContentException e) {
            errors.addAll(e.errors());
        }
        return Optional.empty();
    }

    private byte[] bounded(Path file, String name) throws IOException {
        if (Files.size(file) > maxFileBytes) {
            throw new ContentException(ContentError.of(name, PackFiles.tooLarge(maxFileBytes)));
        }
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
            if (bytes.length > maxFileBytes) {
                throw new ContentException(ContentError.of(name, PackFiles.tooLarge(maxFileBytes)));
            }
            return bytes;
        }
    }
}
