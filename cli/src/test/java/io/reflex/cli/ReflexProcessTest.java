package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.runtime.config.ConfigKeys;
import io.reflex.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `reflex up` as a real OS process: it starts, reports health, and stops cleanly on SIGTERM. */
class ReflexProcessTest {
    private static final Pattern ENDPOINT = Pattern.compile("^\\s+(\\w+)\\s+(http://\\S+)\\s");

    @TempDir
    Path dataDir;

    @Test
    void upStartsEveryServiceAndSigtermStopsEverythingAndReleasesTheDataDirectory() throws Exception {
        for (int round = 1; round <= 2; round++) {
            try (ServiceProcess p = start("reflex-" + round)) {
                await().atMost(Duration.ofSeconds(120))
                        .until(() ->
                                endpoints(p).size() == ConfigKeys.services().size() || !p.alive());
                assertThat(p.alive()).as(p.output()).isTrue();
                for (String url : endpoints(p)) {
                    assertThat(Http.get(url + "/healthz").status()).as(url).isEqualTo(200);
                }
                // SIGTERM, as Ctrl-C or a service manager would; fails unless it exits within the minute.
                int exit = p.terminate(Duration.ofSeconds(60));
                assertThat(p.output()).as("exit %s", exit).contains("stopped");
            }
        }
    }

    private ServiceProcess start(String name) throws Exception {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("content.packs_dir", ReflexUpTest.SHIPPED_PACKS.toString());
        for (String s : ConfigKeys.services()) {
            sets.put(s + ".port", "0");
        }
        Files.createDirectories(dataDir);
        return ServiceProcess.start(
                name, Reflex.class.getName(), List.of(), List.of("up", "--data-dir", dataDir.toString()), sets);
    }

    /** The URLs of the services' endpoint lines `reflex up` printed so far. */
    private static List<String> endpoints(ServiceProcess p) {
        return p.lines().stream()
                .map(l -> ENDPOINT.matcher(l.text()))
                .filter(Matcher::find)
                .map(m -> m.group(2))
                .toList();
    }
}
