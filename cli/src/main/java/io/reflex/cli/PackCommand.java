package io.reflex.cli;

import io.reflex.content.ContentError;
import io.reflex.content.ContentException;
import io.reflex.content.PackInstaller;
import io.reflex.content.PackRegistration;
import io.reflex.content.PackRemoval;
import io.reflex.content.PackRoots;
import io.reflex.content.RegistrationResult;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.content.ContentSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "pack",
        mixinStandardHelpOptions = true,
        description = "List, inspect, register, install and remove packs.",
        subcommands = {
            PackQueries.ListPacks.class,
            PackQueries.Get.class,
            PackCommand.Register.class,
            PackCommand.Install.class,
            PackCommand.Remove.class
        },
        footer = {
            "",
            "Examples:",
            "  reflex pack list",
            "  reflex pack get examples",
            "  reflex pack register",
            "  reflex pack install ./my_pack",
            "  reflex pack remove my_pack"
        })
final class PackCommand {
    /** Opens the configured store (the running Reflex's embedded store when one is up). */
    static StateStore store(Config config) {
        return StoreAccess.open(config);
    }

    static Config config(RunOptions options) {
        var args = options.toArgs();
        return ConfigLoader.load(args.configFile(), System.getenv(), args.flags());
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register packs from the system and user packs directories into the state store (all of them when",
                "none is named).",
                "Unchanged packs are skipped; a pack whose new content has errors keeps its registered version."
            },
            footer = {"", "Examples:", "  reflex pack register", "  reflex pack register --path ./packs examples mypack"
            })
    static final class Register implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(
                names = "--path",
                paramLabel = "DIR",
                description = "packs directory (default: content.system_packs_dir and content.packs_dir)")
        Path path;

        @Parameters(paramLabel = "PACK", arity = "0..*", description = "packs to register (directory names)")
        List<String> packs = List.of();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = config(options);
            ContentSettings dirs = ContentSettings.from(config);
            PackRoots roots = path != null ? PackRoots.of(path) : dirs.roots();
            try (StateStore store = store(config)) {
                var registration =
                        new PackRegistration(store, roots, dirs.configsDir(), Clock.systemUTC(), dirs.yaml());
                List<RegistrationResult> results =
                        packs.isEmpty() ? registration.registerAll() : registration.register(packs);
                return print(spec.commandLine().getOut(), results);
            }
        }
    }

    /**
     * Prints one line per pack, every error and every warning; the exit code is 1 when any pack had errors
     * (warnings do not change it). A pack is {@code partial} when some of its items have errors (the others
     * are registered); its errors are printed on every registration until they are fixed.
     */
    static int print(PrintWriter out, List<RegistrationResult> results) {
        out.printf("%-20s %-11s %s%n", "PACK", "RESULT", "CONTENT");
        boolean errors = false;
        for (RegistrationResult r : results) {
            String result = r.rejected()
                    ? "rejected"
                    : !r.errors().isEmpty() ? "partial" : r.changed() ? "registered" : "unchanged";
            out.printf("%-20s %-11s %s%n", r.pack(), result, r.counts().isEmpty() ? "" : r.counts());
            errors |= !r.errors().isEmpty();
        }
        for (RegistrationResult r : results) {
            for (ContentError e : r.errors()) {
                out.println("error: " + e);
            }
            for (ContentError w : r.warnings()) {
                out.println("warning: " + w);
            }
        }
        out.flush();
        return errors ? 1 : 0;
    }

    @Command(
            name = "install",
            mixinStandardHelpOptions = true,
            description = {
                "Install packs from local directories or git URLs (SOURCE[=ref]) into the user packs directory,",
                "checking their dependencies, then register them. Packs with requirements.txt and Python",
                "content get their own virtualenv."
            },
            footer = {
                "",
                "Examples:",
                "  reflex pack install ./my_pack",
                "  reflex pack install https://github.com/example/reflex-pack-foo.git=v1.2.0"
            })
    static final class Install implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Option(names = "--skip-dependencies", description = "do not check or install dependencies")
        boolean skipDependencies;

        @Parameters(paramLabel = "SOURCE", arity = "1..*", description = "directory or git URL, optionally =<ref>")
        List<String> sources;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = config(options);
            ContentSettings dirs = ContentSettings.from(config);
            PackInstaller installer = new PackInstaller(dirs.roots(), dirs.virtualenvsDir(), dirs.yaml());
            PrintWriter out = spec.commandLine().getOut();
            List<String> installed = new java.util.ArrayList<>();
            for (String source : sources) {
                try {
                    PackInstaller.Result r = installer.install(source, skipDependencies);
                    installed.addAll(r.packs());
                    r.virtualenvs().forEach(v -> out.println("virtualenv: " + v));
                } catch (ContentException e) {
                    e.errors()
                            .forEach(err ->
                                    spec.commandLine().getErr().println("reflex: install " + source + ": " + err));
                    return 1;
                }
            }
            out.println("installed: " + String.join(", ", installed));
            try (StateStore store = store(config)) {
                var registration =
                        new PackRegistration(store, dirs.roots(), dirs.configsDir(), Clock.systemUTC(), dirs.yaml());
                return print(out, registration.register(installed));
            }
        }
    }

    @Command(
            name = "remove",
            aliases = "uninstall",
            mixinStandardHelpOptions = true,
            description = {
                "Remove installed packs: their directory in the user packs directory, their virtualenv and",
                "everything they registered. The shipped system packs are read-only and cannot be removed."
            },
            footer = {"", "Examples:", "  reflex pack remove my_pack", "  reflex pack uninstall my_pack other_pack"})
    static final class Remove implements Callable<Integer> {
        @Mixin
        RunOptions options;

        @Parameters(paramLabel = "PACK", arity = "1..*", description = "packs to remove")
        List<String> packs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Config config = config(options);
            ContentSettings dirs = ContentSettings.from(config);
            PrintWriter err = spec.commandLine().getErr();
            try (StateStore store = store(config)) {
                for (String pack : packs) {
                    Path dir = dirs.packsDir().resolve(pack).normalize();
                    boolean registered = store.store(Kinds.PACK)
                            .findOne(ContentQueries.byRef(pack))
                            .isPresent();
                    if (dirs.roots().isSystem(pack) || pack.equals("core")) {
                        err.println("reflex: pack remove: '" + pack + "' is a read-only system pack");
                        return 1;
                    }
                    if (!dir.startsWith(dirs.packsDir()) || (!registered && !Files.isDirectory(dir))) {
                        err.println("reflex: pack remove: '" + pack + "' is not installed (user packs: "
                                + dirs.packsDir() + ")");
                        return 1;
                    }
                    PackRemoval.uninstall(store, dirs.packsDir(), dirs.virtualenvsDir(), pack);
                    spec.commandLine().getOut().println("removed: " + pack);
                }
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
