package io.reflex.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The process of this host that listens on a TCP port, found through Linux's {@code /proc}: the listening
 * sockets' inodes in {@code /proc/net/tcp} and {@code tcp6}, then the process holding one of them among its
 * open files. Used to count the CPU of a broker the benchmark did not start; reading another user's open
 * files needs that user or root, and without them nothing is found.
 */
final class ListeningProcess {
    private static final String LISTEN = "0A";

    private ListeningProcess() {}

    /** The process listening on the port of {@code uri} when its host is this one's loopback; else empty. */
    static Optional<Long> of(URI uri, int defaultPort) {
        String host = uri.getHost();
        if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
            return Optional.empty();
        }
        return onPort(uri.getPort() > 0 ? uri.getPort() : defaultPort);
    }

    /** The process listening on {@code port}, if /proc shows one. */
    static Optional<Long> onPort(int port) {
        Set<String> sockets = new HashSet<>();
        String localPort = ":" + String.format("%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals(LISTEN) && f[1].endsWith(localPort)) {
                        sockets.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6): the other one may have it
            }
        }
        if (sockets.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holdsAny(process.resolve("fd"), sockets)) {
                    return Optional.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean holdsAny(Path fds, Set<String> sockets) {
        try (DirectoryStream<Path> open = Files.newDirectoryStream(fds)) {
            for (Path fd : open) {
                try {
                    if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return false;
    }
}
