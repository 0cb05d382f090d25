package io.reflex.api.content;

import io.reflex.api.ApiContext;
import io.reflex.content.ContentCache;
import io.reflex.content.ContentException;
import io.reflex.content.ContentStore;
import io.reflex.content.PackFiles;
import io.reflex.content.PackInstaller;
import io.reflex.content.PackRegistration;
import io.reflex.content.RegistrationResult;
import io.reflex.core.model.Pack;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * This node's pack content, as the content endpoints reach it: the pack directories (the API writes data
 * files and installs packs only in the user one), registration over it, and the content cache from which registered
 * versions are read (so views show exactly what was registered, whichever node registered it).
 */
record PacksLocal(ContentSettings dirs, PackRegistration registration, ContentCache cache, PackInstaller installer) {
    private static final Pattern PACK_NAME = Pattern.compile("^[a-z0-9_]+$");

    static PacksLocal of(ApiContext api) {
        ContentSettings dirs = api.content();
        return new PacksLocal(
                dirs,
                new PackRegistration(api.store(), dirs.roots(), dirs.configsDir(), api.clock(), dirs.yaml()),
                new ContentCache(dirs.cacheDir(), new ContentStore(api.store(), api.clock())),
                new PackInstaller(dirs.roots(), dirs.virtualenvsDir(), dirs.yaml()));
    }

    /**
     * The writable directory of pack {@code ref}: one in the user packs directory.
     *
     * @throws ApiException 400 when {@code ref} is not a pack name, its directory does not exist, or it is a
     *     read-only system pack
     */
    Path packDir(String ref) {
        if (!PACK_NAME.matcher(ref).matches() || dirs.roots().find(ref).isEmpty()) {
            throw ApiException.badRequest("Directory for pack \"" + ref + "\" doesn't exist");
        }
        if (dirs.roots().isSystem(ref)) {
            throw ApiException.badRequest("Pack \"" + ref + "\" is a read-only system pack ("
                    + dirs.roots().find(ref).get() + "): its files cannot be changed through the API");
        }
        return dirs.roots().find(ref).get();
    }

    /**
     * The registered content of {@code pack} (materialised into this node's cache when needed).
     *
     * @throws ApiException 404 when the registered version is not available
     */
    Path content(Pack pack) {
        if (pack.contentHash().isEmpty()) {
            throw ApiException.notFound("Pack \"" + pack.ref() + "\" has no registered content");
        }
        try {
            return cache.materialise(pack.ref(), pack.contentHash());
        } catch (ContentException e) {
            throw ApiException.notFound("Content of pack \"" + pack.ref() + "\" is not available: " + e.getMessage());
        }
    }

    /** Re-registers {@code ref} from its pack directory (after the API changed its files). */
    List<RegistrationResult> register(String ref) {
        return registration.register(List.of(ref));
    }

    /**
     * The bytes of file {@code relative} of the registered content at {@code root}, read so that no link out
     * of it is followed (the real path is checked right before reading; see {@link PackFiles#read}).
     *
     * @throws ApiException 404 when it does not exist or is not a file of the pack, 400 when it is larger
     *     than {@code maxBytes}
     */
    static byte[] read(Path root, String relative, long maxBytes) {
        Path file = inside(root, relative, "pack");
        try {
            Path real = PackFiles.checked(root, file, relative);
            if (Files.size(real) > maxBytes) {
                throw ApiException.badRequest(
                        "File " + relative + " exceeds maximum allowed file size (" + maxBytes + " bytes)");
            }
            return PackFiles.read(root, real, relative, maxBytes);
        } catch (ContentException | IOException e) {
            throw ApiException.notFound("File \"" + relative + "\" not found");
        }
    }

    /**
     * {@code relative} resolved inside {@code base}.
     *
     * @throws ApiException 400 when it would point outside {@code base} (absolute, {@code ..})
     */
    static Path inside(Path base, String relative, String what) {
        Path root = base.toAbsolutePath().normalize();
        Path target = relative == null || relative.isBlank()
                ? root
                : root.resolve(relative).normalize();
        if (relative == null || relative.isBlank() || !target.startsWith(root) || target.equals(root)) {
            throw ApiException.badRequest("Invalid file path: \"" + relative
                    + "\". File path needs to be relative to the " + what + " directory (" + root.getFileName() + ").");
        }
        return target;
    }
}
