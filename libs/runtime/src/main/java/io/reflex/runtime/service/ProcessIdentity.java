package io.reflex.runtime.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This process's name in coordinator groups: {@code <hostname>_<pid>}, as StackStorm names members. */
public final class ProcessIdentity {
    private ProcessIdentity() {}

    public static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public static String memberId() {
        return hostname() + "_" + ProcessHandle.current().pid();
    }
}
