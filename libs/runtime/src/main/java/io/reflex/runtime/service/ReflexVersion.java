package io.reflex.runtime.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Reflex release this process runs, as every member advertises it in the service registry and on
 * {@code /healthz}, so that an operator upgrading one box at a time sees which members still run the old
 * release (docs/deployment.md, "Upgrading"). Read from the build's metadata in the runtime library's jar;
 * a process run from compiled classes (tests, an IDE) reports {@link #DEVELOPMENT}.
 *
 * <p>The JVM system property {@value #OVERRIDE_PROPERTY} replaces the build's release: for a package built
 * from classes without Maven metadata, and for rehearsing an upgrade with one build (the local cluster's
 * {@code upgrade} starts the same jar as the "next" release). It changes only the reported release, never
 * the schema versions a process reads and writes.
 */
public final class ReflexVersion {
    public static final String DEVELOPMENT = "development build";
    /** {@code -Dreflex.release=0.2.0}: the release to report instead of the build's. */
    public static final String OVERRIDE_PROPERTY = "reflex.release";

    private static final String POM_PROPERTIES = "/META-INF/maven/io.reflex/reflex-runtime/pom.properties";
    private static final String RELEASE = resolve(System.getProperty(OVERRIDE_PROPERTY), read());

    private ReflexVersion() {}

    /** This process's release, e.g. {@code 0.1.0}, or {@link #DEVELOPMENT}. */
    public static String release() {
        return RELEASE;
    }

    /** The override when it is set and not blank, else the build's release. */
    static String resolve(String override, String built) {
        return override == null || override.isBlank() ? built : override.strip();
    }

    private static String read() {
        try (InputStream in = ReflexVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return DEVELOPMENT;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() ? DEVELOPMENT : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
