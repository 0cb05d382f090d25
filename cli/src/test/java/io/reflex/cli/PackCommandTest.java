package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.service.ServiceRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `reflex pack register|install` against the embedded store, alone and next to a running `reflex up`. */
class PackCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run reflex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Reflex.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String[] withDataDir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.resolve("data").toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void registerRegistersEveryPackOnceAndThenFindsThemUnchanged() {
        String packs = "content.packs_dir=" + ReflexUpTest.SHIPPED_PACKS;
        Run first = reflex(withDataDir("pack", "register", "--set", packs));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("core\\s+registered").containsPattern("examples\\s+registered");

        Run again = reflex(withDataDir("pack", "register", "--set", packs));
        assertThat(again.out()).containsPattern("core\\s+unchanged").containsPattern("chatops\\s+unchanged");
    }

    @Test
    void brokenContentFailsWithLocatedErrorsAndExitCodeOne() throws Exception {
        Path packs = dir.resolve("packs");
        Files.createDirectories(packs.resolve("bad/actions"));
        Files.writeString(packs.resolve("bad/pack.yaml"), "name: bad\ndescription: d\nversion: 1.0.0\nauthor: a\n");
        Files.writeString(packs.resolve("bad/actions/x.yaml"), "name: x\nrunner_type: shell\n");

        Run r = reflex(withDataDir("pack", "register", "--path", packs.toString()));

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("error: packs/bad/actions/x.yaml:2:14: unknown runner type 'shell'");

        Run again = reflex(withDataDir("pack", "register", "--path", packs.toString()));

        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out())
                .containsPattern("bad\\s+partial")
                .contains("error: packs/bad/actions/x.yaml:2:14: unknown runner type 'shell'");
    }

    @Test
    void warningsArePrintedLocatedAndLeaveTheExitCodeZero() throws Exception {
        Path packs = dir.resolve("packs");
        Files.createDirectories(packs.resolve("lint/actions"));
        Files.writeString(packs.resolve("lint/pack.yaml"), "name: lint\ndescription: d\nversion: 1.0.0\nauthor: a\n");
        Files.writeString(
                packs.resolve("lint/actions/x.yaml"),
                "name: x\nrunner_type: local-shell-cmd\nparameters:\n  cmd: {default: \"ls {{ d }}\"}\n");

        Run r = reflex(withDataDir("pack", "register", "--path", packs.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("lint\\s+registered")
                .contains("warning: packs/lint/actions/x.yaml:4:18: action 'lint.x': the cmd default puts {{ d }}");
    }

    @Test
    void installCopiesRegistersAndIsVisibleToARunningReflex() throws Exception {
        Path src = dir.resolve("src/hello");
        Files.createDirectories(src.resolve("actions"));
        Files.writeString(src.resolve("pack.yaml"), "name: hello\ndescription: d\nversion: 1.0.0\nauthor: a\n");
        Files.writeString(src.resolve("actions/hi.yaml"), "name: hi\nrunner_type: noop\n");
        Path packs = dir.resolve("packs");
        Files.createDirectories(packs);

        var config =
                ReflexUpTest.embeddedConfig(dir.resolve("data")).with(ConfigKeys.PACKS_DIR, packs.toString(), "test");
        try (var running = ServiceRunner.start(java.util.List.of(new io.reflex.api.ApiService()), config)) {
            // the data directory is held by the running process: the command uses its store
            Run r = reflex(withDataDir("pack", "install", src.toString(), "--set", "content.packs_dir=" + packs));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("installed: hello").containsPattern("hello\\s+(registered|unchanged)");
            assertThat(packs.resolve("hello/actions/hi.yaml")).exists();
            try (StateStore store = StoreAccess.open(running.config())) {
                assertThat(store.store(Kinds.ACTION).findOne(Filter.eq("ref", "hello.hi")))
                        .isPresent();

                Run removed = reflex(withDataDir("pack", "remove", "hello", "--set", "content.packs_dir=" + packs));
                assertThat(removed.code()).as(removed.err()).isZero();
                assertThat(removed.out()).contains("removed: hello");
                assertThat(packs.resolve("hello")).doesNotExist();
                assertThat(store.store(Kinds.ACTION).findOne(Filter.eq("ref", "hello.hi")))
                        .isEmpty();
                assertThat(store.store(Kinds.PACK).findOne(Filter.eq("ref", "hello")))
                        .isEmpty();
            }
            Run again = reflex(withDataDir("pack", "uninstall", "hello", "--set", "content.packs_dir=" + packs));
            assertThat(again.code()).isEqualTo(1);
            assertThat(again.err()).contains("'hello' is not installed");
            Run system = reflex(withDataDir(
                    "pack",
                    "remove",
                    "examples",
                    "--set",
                    "content.packs_dir=" + packs,
                    "--set",
                    "content.system_packs_dir=" + ReflexUpTest.SHIPPED_PACKS));
            assertThat(system.code()).isEqualTo(1);
            assertThat(system.err()).contains("'examples' is a read-only system pack");
        }
    }

    @Test
    void installingASystemPackIsRefused() throws Exception {
        Path src = dir.resolve("src/core");
        Files.createDirectories(src);
        Files.writeString(src.resolve("pack.yaml"), "name: core\ndescription: d\nversion: 1.0.0\nauthor: a\n");
        Run r = reflex(
                withDataDir("pack", "install", src.toString(), "--set", "content.packs_dir=" + dir.resolve("packs")));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("'core' is a system pack and cannot be installed");
    }
}
