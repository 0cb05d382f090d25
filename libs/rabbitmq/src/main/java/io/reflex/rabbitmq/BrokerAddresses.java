package io.reflex.rabbitmq;

import com.rabbitmq.client.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nodes a bus URI names. {@code amqp://user:pass@h1:5672,h2:5672,h3:5672/vhost} lists every node of a
 * cluster: the client connects to one of them and, when that node dies, recovers its connections on another.
 * {@code uri} is the same URI with the first node only (what the client library parses for credentials,
 * vhost and TLS), {@code addresses} every node in the order given.
 */
record BrokerAddresses(String uri, List<Address> addresses) {
    private static final Pattern URI = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^@/?#]*@)?([^/?#]*)(.*)$");

    BrokerAddresses {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a bus URI names at least one broker");
        }
    }

    static BrokerAddresses parse(String uri) {
        Matcher m = URI.matcher(uri.trim());
        if (!m.matches() || m.group(3).isBlank()) {
            throw new IllegalArgumentException("names no broker host");
        }
        int defaultPort = m.group(1).toLowerCase(Locale.ROOT).startsWith("amqps") ? 5671 : 5672;
        List<Address> addresses = new ArrayList<>();
        String first = null;
        for (String host : m.group(3).split(",")) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("has an empty host in its list of brokers");
            }
            first = first == null ? host.trim() : first;
            Address parsed = Address.parseAddress(host.trim());
            addresses.add(parsed.getPort() < 0 ? new Address(parsed.getHost(), defaultPort) : parsed);
        }
        String userInfo = m.group(2) == null ? "" : m.group(2);
        return new BrokerAddresses(m.group(1) + userInfo + first + m.group(4), addresses);
    }
}
