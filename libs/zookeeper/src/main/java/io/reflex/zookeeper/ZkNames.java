package io.reflex.zookeeper;

import io.reflex.core.coordination.CoordinationCodec;

/**
 * Turns user-given names (locks, groups, member ids) into single ZooKeeper path segments and back. Names
 * are free text ({@code pack.sensor/one:two}); a {@code /} would nest nodes and {@code .}/{@code ..} are not
 * valid segments, so names are percent-encoded as everywhere in coordination ({@link CoordinationCodec})
 * and a leading {@code .} is encoded too.
 */
final class ZkNames {
    private ZkNames() {}

    static String encode(String name) {
        String encoded = CoordinationCodec.encodeName(name);
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    static String decode(String segment) {
        return CoordinationCodec.decodeName(segment);
    }

    /** {@code /<root>/<encoded name>}. */
    static String path(String root, String name) {
        return "/" + root + "/" + encode(name);
    }
}
