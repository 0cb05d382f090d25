package io.reflex.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The addresses whose proxy header ({@code auth.proxy_header}) is believed in proxy mode: exact IP literals
 * (IPv4 or IPv6, compared as addresses so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}). Host names are
 * refused: trust must not depend on DNS.
 */
final class ProxyTrust {
    private static final Pattern LITERAL = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private final Set<InetAddress> trusted;

    private ProxyTrust(Set<InetAddress> trusted) {
        this.trusted = Set.copyOf(trusted);
    }

    /**
     * @param list comma-separated IP literals
     * @throws IllegalArgumentException naming an entry that is not an IP literal
     */
    static ProxyTrust parse(String list) {
        Set<InetAddress> out = new HashSet<>();
        for (String raw : list.split(",")) {
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            InetAddress a = literal(s);
            if (a == null) {
                throw new IllegalArgumentException("auth.proxy_trusted: '" + s + "' is not an IP address");
            }
            out.add(a);
        }
        return new ProxyTrust(out);
    }

    boolean trusts(String remoteAddress) {
        InetAddress a = remoteAddress == null ? null : literal(remoteAddress);
        return a != null && trusted.contains(a);
    }

    private static InetAddress literal(String s) {
        String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
