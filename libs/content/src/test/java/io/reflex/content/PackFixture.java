package io.reflex.content;

import io.reflex.testing.InMemoryStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Writes pack files under a {@code packs/} directory for tests. */
final class PackFixture {
    final Path packs;
    private final Path configs;

    PackFixture(Path root) {
        this.packs = root.resolve("packs");
        this.configs = root.resolve("configs");
    }

    PackFixture file(String rel, String text) {
        try {
            Path p = packs.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PackFixture manifest(String pack) {
        return file(pack + "/pack.yaml", "name: " + pack + "\ndescription: test pack\nversion: 0.1.0\nauthor: tests\n");
    }

    PackFixture action(String pack, String name, String cmdDefault) {
        return file(pack + "/actions/" + name + ".yaml", """
                name: %s
                runner_type: local-shell-cmd
                parameters:
                  cmd:
                    type: string
                    default: %s
                """.formatted(name, cmdDefault));
    }

    Path dir(String pack) {
        return packs.resolve(pack);
    }

    void delete(String rel) {
        try {
            Files.delete(packs.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers the shipped {@code core} pack into {@code store}; answers a registration of this fixture's packs there. */
    PackRegistration registrationOverShippedCore(InMemoryStateStore store) {
        new PackRegistration(store, ShippedPacksTest.PACKS, configs, Clock.systemUTC()).register(List.of("core"));
        return new PackRegistration(store, packs, configs, Clock.systemUTC());
    }
}
