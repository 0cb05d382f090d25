package io.reflex.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.nio.file.Path;

/**
 * The initial configuration of the embedded Qpid Broker-J: one AMQP port on loopback, a Plain
 * authentication provider with the {@code guest} user, and one virtual host that is either in memory or
 * backed by an H2 database under the work directory. Pure text building, so it is unit-testable.
 */
final class QpidConfig {
    static final String VIRTUAL_HOST = "default";
    static final String PORT_CONTEXT_VAR = "reflex.amqp_port";
    /**
     * The persistent virtual host's message store: an H2 file under the broker's work directory, opened once
     * and kept open ({@code DB_CLOSE_DELAY=-1}: Qpid opens a connection per transaction). {@code WRITE_DELAY=0}
     * writes each commit to the file before the commit returns, so what the broker confirmed survives the
     * process being killed; as for the embedded store, a power loss may lose the last commits (no fsync per
     * commit).
     */
    static final String MESSAGE_STORE_URL =
            "jdbc:h2:file:${qpid.work_dir}/message-store/messages;DB_CLOSE_DELAY=-1;WRITE_DELAY=0";

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
        host.put("name", VIRTUAL_HOST);
        if (persistent) {
            host.put("type", "JDBC");
            host.put("connectionUrl", MESSAGE_STORE_URL);
            host.put("connectionPoolType", "NONE");
            host.set("context", h2ColumnTypes());
        } else {
            host.put("type", "Memory");
        }
        node.put("virtualHostInitialConfiguration", Json.write(host));
        return node;
    }

    /**
     * Qpid's JDBC store knows no H2 dialect; these are H2's names for the column types it asks for (the
     * fallback's {@code varchar(n) for bit data} is Derby's).
     */
    private static ObjectNode h2ColumnTypes() {
        ObjectNode context = Json.object();
        context.put("qpid.jdbcstore.varBinaryType", "varbinary(%d)");
        context.put("qpid.jdbcstore.blobType", "blob");
        context.put("qpid.jdbcstore.bigIntType", "bigint");
        context.put("qpid.jdbcstore.timestampType", "timestamp");
        context.put("qpid.jdbcstore.useBytesForBlob", "false");
        return context;
    }

    /** {@link #MESSAGE_STORE_URL} for the broker working in {@code workDir}. */
    static String messageStoreUrl(Path workDir) {
        return MESSAGE_STORE_URL.replace("${qpid.work_dir}", workDir.toString());
    }

    /** Where the persistent broker keeps its own configuration; Qpid writes it on first start. */
    static Path systemConfigPath(Path workDir) {
        return workDir.resolve("config.json");
    }
}
