package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.StoreCommandEvent;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store commands a profile counts are the system's: the harness's own reads are counted apart. */
class ProfileSummaryTest {
    @TempDir
    Path dir;

    @Test
    void theStoreCommandsOfTheHarnessThreadAreNotCountedAsTheSystems() throws Exception {
        Path file = dir.resolve("profile.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("reflex.StoreCommand");
            recording.start();
            Thread system = Thread.ofPlatform().name("system-worker").start(() -> {
                StoreCommandEvent.record("replace", "execution");
                StoreCommandEvent.record("get", "execution");
            });
            system.join();
            Thread harness = Thread.ofPlatform().name("bench-harness").start(() -> {
                for (int i = 0; i < 3; i++) {
                    StoreCommandEvent.record("get", "execution");
                }
            });
            harness.join();
            recording.stop();
            recording.dump(file);
        }

        ProfileSummary summary = ProfileSummary.read("whole stack", file, "bench-harness");

        assertThat(summary.storeCommands()).containsOnlyKeys("replace execution", "get execution");
        assertThat(summary.storeCommands().get("get execution")).isEqualTo(1L);
        assertThat(summary.harnessCommands()).isEqualTo(3);
        assertThat(ProfileSummary.read("whole stack", file).storeCommands().get("get execution"))
                .as("no harness named: all counted")
                .isEqualTo(4L);
    }
}
