package io.reflex.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.nio.file.Path;

/**
 * The initial configuration of the embedded Qpid Broker-J: one AMQP port on loopback, a Plain
 * authentication provider with the {@code guest} user, and one virtual host that is either in memory or
 * backed by Derby under the work directory. Pure text building, so it is unit-testable.
 */
final class QpidConfig {
    static final String VIRTUAL_HOST = "default";
    static final String PORT_CONTEXT_VAR = "reflex.amqp_port";

    private QpidConfig() {}

    /** The broker's initial configuration, as the JSON text Qpid reads once on first start. */
    static String initialConfig(boolean persistent) {
        ObjectNode broker = Json.object();
        broker.put("name", "reflex-embedded");
        broker.put("modelVersion", "9.1");
        broker.set("authenticationproviders", Json.mapper().createArrayNode().add(plainAuthentication()));
        broker.set("ports", Json.mapper().createArrayNode().add(amqpPort()));
        broker.set("virtualhostnodes", Json.mapper().createArrayNode().add(virtualHostNode(persistent)));
        return Json.write(broker);
    }

    private static ObjectNode plainAuthentication() {
        ObjectNode provider = Json.object();
        provider.put("name", "plain");
        provider.put("type", "Plain");
        // The RabbitMQ client offers PLAIN only; Qpid hides PLAIN on non-TLS ports unless this list is empty.
        provider.set("secureOnlyMechanisms", Json.mapper().createArrayNode());
        ObjectNode guest = Json.object();
        guest.put("name", "guest");
        guest.put("type", "managed");
        guest.put("password", "guest");
        provider.set("users", Json.mapper().createArrayNode().add(guest));
        return provider;
    }

    private static ObjectNode amqpPort() {
        ObjectNode port = Json.object();
        port.put("name", "AMQP");
        port.put("type", "AMQP");
        // Resolved at every start from the context, so a restarted broker binds a fresh free port.
        port.put("port", "${" + PORT_CONTEXT_VAR + "}");
        port.put("bindingAddress", "127.0.0.1");
        port.put("authenticationProvider", "plain");
        ArrayNode protocols = Json.mapper().createArrayNode().add("AMQP_0_9_1");
        port.set("protocols", protocols);
        ObjectNode alias = Json.object();
        alias.put("name", "defaultAlias");
        alias.put("type", "defaultAlias");
        ObjectNode nameAlias = Json.object();
        nameAlias.put("name", "nameAlias");
        nameAlias.put("type", "nameAlias");
        port.set(
                "virtualhostaliases",
                Json.mapper().createArrayNode().add(nameAlias).add(alias));
        return port;
    }

    private static ObjectNode virtualHostNode(boolean persistent) {
        ObjectNode node = Json.object();
        node.put("name", VIRTUAL_HOST);
        node.put("type", persistent ? "JSON" : "Memory");
        node.put("defaultVirtualHostNode", "true");
        ObjectNode host = Json.object();
        host.put("type", persistent ? "DERBY" : "Memory");
        host.put("name", VIRTUAL_HOST);
        node.put("virtualHostInitialConfiguration", Json.write(host));
        return node;
    }

    /** Where the persistent broker keeps its own configuration; Qpid writes it on first start. */
    static Path systemConfigPath(Path workDir) {
        return workDir.resolve("config.json");
    }
}
