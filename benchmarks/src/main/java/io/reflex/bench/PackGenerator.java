package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes synthetic packs in StackStorm's format, plus a minimal core pack; their rules use the engine's
 * built-in webhook trigger type.
 */
final class PackGenerator {
    private PackGenerator() {}

    static void generate(Path packsDir, int packs, int actions, int rules) throws IOException {
        write(packsDir.resolve("core/pack.yaml"), "name: core\ndescription: core\nversion: 1.0.0\nauthor: bench\n");
        for (int p = 0; p < packs; p++) {
            String pack = String.format("bench%03d", p);
            Path dir = packsDir.resolve(pack);
            write(
                    dir.resolve("pack.yaml"),
                    "name: " + pack + "\ndescription: generated\nversion: 1.0.0\nauthor: bench\n");
            for (int a = 0; a < actions; a++) {
                write(dir.resolve("actions/a" + a + ".yaml"), """
                        name: a%d
                        runner_type: local-shell-script
                        entry_point: scripts/run.sh
                        description: generated action %d
                        parameters:
                          target: {type: string, required: true, position: 0}
                          count: {type: integer, default: 3}
                          verbose: {type: boolean, default: false}
                          timeout: {default: 30}
                        """.formatted(a, a));
            }
            write(dir.resolve("actions/scripts/run.sh"), "#!/bin/sh\necho \"$@\"\n");
            for (int r = 0; r < rules; r++) {
                write(dir.resolve("rules/r" + r + ".yaml"), """
                        name: r%d
                        enabled: true
                        trigger:
                          type: core.st2.webhook
                          parameters: {url: %s_%d}
                        criteria:
                          trigger.body.kind: {type: equals, pattern: k%d}
                        action:
                          ref: %s.a%d
                          parameters: {target: "{{ trigger.body.target }}"}
                        """.formatted(r, pack, r, r, pack, r));
            }
            write(dir.resolve("sensors/watch.yaml"), """
                    class_name: Watch
                    entry_point: watch.py
                    trigger_types:
                      - name: seen
                        payload_schema: {type: object}
                    """);
            write(dir.resolve("sensors/watch.py"), "class Watch:\n    pass\n");
            write(
                    dir.resolve("policies/limit.yaml"),
                    "name: limit\nresource_ref: " + pack
                            + ".a0\npolicy_type: action.concurrency\nparameters: {threshold: 2}\n");
            write(
                    dir.resolve("aliases/run.yaml"),
                    "name: run\naction_ref: " + pack + ".a0\nformats: ['run {{target}}']\n");
        }
    }

    /** Changes one file of a pack, so exactly that pack has a new version. */
    static void touch(Path packDir) throws IOException {
        Files.writeString(packDir.resolve("actions/scripts/run.sh"), "#!/bin/sh\necho changed \"$@\"\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
