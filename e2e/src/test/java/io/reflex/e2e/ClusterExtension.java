package io.reflex.e2e;

import io.reflex.testing.ExternalBackend;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the one {@link Cluster} of the test run to {@code @BeforeAll} methods that ask for it: started by the
 * first test class that needs it, kept in JUnit's root store and closed (processes stopped, backends shut)
 * when the whole run ends. Sharing it saves a dozen JVM starts; each class still starts its own runners.
 */
final class ClusterExtension implements BeforeAllCallback, ParameterResolver {
    /** Without RabbitMQ the class fails in CI and is skipped elsewhere (a failure inside parameter resolution
     * could not be a skip). */
    @Override
    public void beforeAll(ExtensionContext context) {
        ExternalBackend.AMQP.require();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(Cluster.class))
                .computeIfAbsent(Cluster.class, k -> start(), Cluster.class);
    }

    private static Cluster start() {
        try {
            return Cluster.start();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("e2e cluster did not start: " + e, e);
        }
    }
}
