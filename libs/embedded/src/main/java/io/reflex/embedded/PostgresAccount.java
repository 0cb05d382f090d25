package io.reflex.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the embedded PostgreSQL's processes run as, and the command line that gets them there.
 *
 * <p>PostgreSQL refuses to run as root. Under any other user it runs as that user. Under root it runs as
 * {@code nobody}: {@code home} (where the cluster lives) is owned by {@code nobody}, and each command starts in
 * a private mount namespace where {@code home} is bound onto {@value #MOUNT_POINT}, then drops to
 * {@code nobody} with {@code setpriv}. The bind lets {@code nobody} reach a home below directories it may
 * not enter (root's {@code ~/.reflex}, a 0700 temporary directory) without opening those directories to
 * anyone; the mount is visible to the PostgreSQL processes only. It needs util-linux ({@code unshare},
 * {@code mount}, {@code setpriv}), as on every common Linux distribution.
 *
 * <p>Every command also asks the kernel to send it SIGINT (PostgreSQL's fast shutdown) when the thread that
 * started it ends, so a killed JVM does not leave a server holding the data directory.
 */
record PostgresAccount(Path home, boolean root, int uid, int gid) {
    static final String MOUNT_POINT = "/mnt";
    private static final String SETPRIV = "setpriv";

    /** The account for the current process, with the cluster under {@code home}. */
    static PostgresAccount current(Path home) {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != 0) {
                return new PostgresAccount(home, false, uid, -1);
            }
            int[] nobody = nobody();
            return new PostgresAccount(home, true, nobody[0], nobody[1]);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("embedded PostgreSQL needs Linux: " + e.getMessage(), e);
        }
    }

    /** {@code nobody}'s uid and primary gid from the password file. */
    private static int[] nobody() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length > 3 && fields[0].equals("nobody")) {
                return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
            }
        }
        throw new IllegalStateException(
                "embedded PostgreSQL cannot run as root and this system has no 'nobody' user to run it as;"
                        + " run Reflex as another user or use store.uri=embedded:mongo");
    }

    /** Where the PostgreSQL processes see {@code path}: paths under {@link #home()} move to the mount point. */
    String seen(Path path) {
        Path absolute = path.toAbsolutePath();
        if (!root || !absolute.startsWith(home)) {
            return absolute.toString();
        }
        return Path.of(MOUNT_POINT).resolve(home.relativize(absolute)).toString();
    }

    /** Makes {@code path} belong to the account that runs PostgreSQL (a no-op unless Reflex runs as root). */
    void own(Path path) throws IOException {
        if (root) {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        }
    }

    /**
     * The full command line that runs {@code command} (whose paths are {@link #seen} ones) as this account.
     */
    List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of(
                    "unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "--",
                    "sh",
                    "-c",
                    "mount --bind \"$0\" " + MOUNT_POINT + " && exec \"$@\"",
                    home.toAbsolutePath().toString(),
                    SETPRIV,
                    "--reuid=" + uid,
                    "--regid=" + gid,
                    "--clear-groups"));
        } else {
            out.add(SETPRIV);
        }
        out.add("--pdeathsig=INT");
        out.addAll(command);
        return out;
    }
}
