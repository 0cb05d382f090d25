package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackInstallerTest {
    @TempDir
    Path root;

    private PackFixture sources() {
        return new PackFixture(root.resolve("src"));
    }

    private Path packs() {
        return root.resolve("installed/packs");
    }

    private PackInstaller installer() {
        return new PackInstaller(packs(), root.resolve("venvs"));
    }

    @Test
    void installsFromALocalDirectoryAndReplacesAnEarlierCopy() throws Exception {
        PackFixture src = sources().manifest("hello").action("hello", "a", "uptime");
        PackInstaller.Result r = installer().install(src.dir("hello").toString(), false);
        assertThat(r.packs()).containsExactly("hello");
        assertThat(packs().resolve("hello/actions/a.yaml")).exists();

        src.delete("hello/actions/a.yaml");
        src.action("hello", "b", "date");
        installer().install(src.dir("hello").toString(), false);
        assertThat(packs().resolve("hello/actions/a.yaml")).doesNotExist();
        assertThat(packs().resolve("hello/actions/b.yaml")).exists();
        try (var left = Files.list(packs())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("hello");
        }
    }

    @Test
    void installsFromAGitUrlAtARef() throws Exception {
        PackFixture src = sources().manifest("gitpack").action("gitpack", "a", "v1");
        Path repo = src.dir("gitpack");
        Commands git = new Commands();
        git.run(List.of("git", "init", "--quiet", "-b", "main"), repo, Duration.ofSeconds(30), "git init");
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "."),
                repo,
                Duration.ofSeconds(30),
                "add");
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "v1"),
                repo,
                Duration.ofSeconds(30),
                "commit");
        git.run(List.of("git", "tag", "v1"), repo, Duration.ofSeconds(30), "tag");
        src.action("gitpack", "a", "v2");
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-am", "v2"),
                repo,
                Duration.ofSeconds(30),
                "commit");

        installer().install("file://" + repo + "=v1", false);

        assertThat(Files.readString(packs().resolve("gitpack/actions/a.yaml"))).contains("default: v1");
        assertThat(packs().resolve("gitpack/.git")).doesNotExist();
    }

    @Test
    void systemPacksCannotBeInstalled() {
        PackFixture src = sources().manifest("core");
        assertThatThrownBy(() -> installer().install(src.dir("core").toString(), false))
                .isInstanceOf(ContentException.class)
                .hasMessageEndingWith("'core' is a system pack and cannot be installed");
        assertThat(packs().resolve("core")).doesNotExist();
    }

    @Test
    void unmetDependenciesAreNamedAndNothingIsInstalled() {
        PackFixture src = sources().file("needy/pack.yaml", """
                name: needy
                description: d
                version: 1.0.0
                author: a
                dependencies: [absent, other=2.0.0]
                """).manifest("other");
        installer().install(src.dir("other").toString(), false);

        assertThatThrownBy(() -> installer().install(src.dir("needy").toString(), false))
                .hasMessage(
                        "needy: unmet dependencies: 'absent' is not installed; 'other=2.0.0' is installed in version "
                                + "0.1.0 (install them first, or use --skip-dependencies)");
        assertThat(packs().resolve("needy")).doesNotExist();
        assertThat(installer().install(src.dir("needy").toString(), true).packs())
                .containsExactly("needy");
    }

    @Test
    void dependenciesGivenAsSourcesAreInstalledFirst() {
        PackFixture src = sources().manifest("base");
        src.file(
                "top/pack.yaml",
                "name: top\ndescription: d\nversion: 1.0.0\nauthor: a\ndependencies: ['" + src.dir("base") + "']\n");
        assertThat(installer().install(src.dir("top").toString(), false).packs())
                .containsExactly("base", "top");
    }

    @Test
    void aPackWithRequirementsAndPythonGetsItsOwnVirtualenv() {
        PackFixture src = sources()
                .manifest("py")
                .file("py/requirements.txt", "# nothing to install\n")
                .file("py/actions/run.py", "print('hi')\n");
        PackInstaller.Result r = installer().install(src.dir("py").toString(), false);
        assertThat(r.virtualenvs()).containsExactly(root.resolve("venvs/py").toString());
        assertThat(root.resolve("venvs/py/bin/python")).isExecutable();

        PackFixture noPython = sources().manifest("sh").file("sh/requirements.txt", "\n");
        assertThat(installer().install(noPython.dir("sh").toString(), false).virtualenvs())
                .isEmpty();
    }

    @Test
    void aFailedCloneSaysWhy() {
        assertThatThrownBy(() -> installer().install("file://" + root.resolve("nope.git"), false))
                .isInstanceOf(ContentException.class)
                .hasMessageStartingWith("git clone file://" + root.resolve("nope.git") + ": exit code 128:");
    }

    @Test
    void sourcesParseDirectoriesUrlsAndRefs() {
        assertThat(PackSource.parse("https://h/x/y.git=v1.0.0"))
                .isEqualTo(new PackSource(PackSource.Kind.GIT, "https://h/x/y.git", java.util.Optional.of("v1.0.0")));
        assertThat(PackSource.parse("./mypack").kind()).isEqualTo(PackSource.Kind.DIRECTORY);
        assertThat(PackSource.parse("linux=1.2.0"))
                .isEqualTo(new PackSource(PackSource.Kind.NAME, "linux", java.util.Optional.of("1.2.0")));
        assertThat(PackSource.parse("git@github.com:o/r.git").kind()).isEqualTo(PackSource.Kind.GIT);
    }

    @Test
    void refusesADirectoryWithALinkOutOfThePack() throws Exception {
        PackFixture src = sources().manifest("linky").action("linky", "a", "uptime");
        Files.createSymbolicLink(src.dir("linky").resolve("passwd"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> installer().install(src.dir("linky").toString(), false))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("linky/passwd")
                .hasMessageContaining("outside the pack");
        assertThat(packs().resolve("linky")).doesNotExist();
    }

    @Test
    void refusesAGitRepositoryWithALinkOutOfThePackAndKeepsLinksInside() throws Exception {
        PackFixture src = sources().manifest("gitlink").action("gitlink", "a", "v1");
        Path repo = src.dir("gitlink");
        Files.createSymbolicLink(repo.resolve("inside.yaml"), Path.of("pack.yaml"));
        Files.createSymbolicLink(repo.resolve("key"), Path.of("../../../../../../../../etc/passwd"));
        Commands git = new Commands();
        git.run(List.of("git", "init", "--quiet", "-b", "main"), repo, Duration.ofSeconds(30), "git init");
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "."),
                repo,
                Duration.ofSeconds(30),
                "add");
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "v1"),
                repo,
                Duration.ofSeconds(30),
                "commit");

        assertThatThrownBy(() -> installer().install("file://" + repo, false))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("/key: symbolic link to a target outside the pack");
        assertThat(packs().resolve("gitlink")).doesNotExist();

        Files.delete(repo.resolve("key"));
        git.run(
                List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-am", "v2"),
                repo,
                Duration.ofSeconds(30),
                "commit");
        installer().install("file://" + repo, false);
        assertThat(Files.isSymbolicLink(packs().resolve("gitlink/inside.yaml"))).isTrue();
    }
}
