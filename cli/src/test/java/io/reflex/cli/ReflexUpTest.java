package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.model.Action;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.ServiceRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `reflex up` in this JVM: every service on the embedded backends, health, restart keeps data. */
class ReflexUpTest {
    static final Path SHIPPED_PACKS = Path.of("../packs").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    static Config embeddedConfig(Path dataDir) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data_dir", dataDir.toString());
        flags.put("content.packs_dir", SHIPPED_PACKS.toString());
        for (String s : ConfigKeys.services()) {
            flags.put(s + ".port", "0");
        }
        return ConfigLoader.load(null, Map.of(), flags);
    }

    @Test
    void allNineServicesStartOnEmbeddedBackendsAndReportHealthyDependencies() throws Exception {
        try (var running = ServiceRunner.start(Services.all(), embeddedConfig(dataDir))) {
            assertThat(running.endpoints())
                    .extracting(ServiceContext.Endpoint::service)
                    .containsExactlyInAnyOrderElementsOf(ConfigKeys.services());
            for (var e : running.endpoints()) {
                Http.Reply r = Http.get(e.url() + "/healthz");
                assertThat(r.status()).as("%s %s", e.service(), r.body()).isEqualTo(200);
                assertThat(r.body().getString("service")).isEqualTo(e.service());
                // Every service checks its three backends; the sensor container also reports its sensors, the
                // rules engine its timers, the api the content errors of the registered packs, the stream its event
                // log.
                var expected = new java.util.ArrayList<>(java.util.List.of("store", "bus", "coordinator"));
                if (e.service().equals("api")) {
                    expected.add("content");
                }
                if (e.service().equals("stream")) {
                    expected.add("event_log");
                }
                if (e.service().equals("sensorcontainer")) {
                    expected.add("sensors");
                }
                if (e.service().equals("rulesengine")) {
                    expected.add("timers");
                }
                assertThat(r.body().getJsonObject("checks").fieldNames()).containsExactlyInAnyOrderElementsOf(expected);
            }
            try (StateStore store = StoreAccess.open(running.config())) {
                assertThat(running.config().get(ConfigKeys.STORE_URI).getScheme())
                        .isEqualTo("postgresql");
                // the api registered the packs directory on start
                assertThat(store.store(Kinds.ACTION).findOne(io.reflex.core.store.Filter.eq("ref", "core.local")))
                        .isPresent();
                assertThat(store.store(Kinds.PACK).count(io.reflex.core.store.Filter.all()))
                        .isEqualTo(3);
            }
        }
    }

    @Test
    void aSecondStartFindsTheDataOfTheFirst() throws Exception {
        String id = Ids.newId();
        try (var running = ServiceRunner.start(Services.all(), embeddedConfig(dataDir));
                StateStore store = StoreAccess.open(running.config())) {
            store.store(Kinds.ACTION)
                    .insert(new Action(
                            id,
                            "hello",
                            "examples",
                            "says hi",
                            true,
                            "",
                            "local-shell-cmd",
                            null,
                            null,
                            null,
                            null,
                            null));
        }
        try (var running = ServiceRunner.start(Services.all(), embeddedConfig(dataDir));
                StateStore store = StoreAccess.open(running.config())) {
            assertThat(store.store(Kinds.ACTION).get(id))
                    .hasValueSatisfying(a -> assertThat(a.ref()).isEqualTo("examples.hello"));
        }
    }
}
