package io.reflex.runtime.service;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Membership;
import io.reflex.runtime.lifecycle.Component;
import java.util.HashMap;
import java.util.Map;

/**
 * Membership of the service's coordinator group (StackStorm's service registry): the group is the
 * service name, the member advertises {@code name}, {@code type}, {@code hostname}, {@code pid} and the
 * {@code version} of Reflex it runs ({@link ReflexVersion}).
 * Joined on start, left on stop; a dead process leaves when its session expires.
 */
public final class ServiceRegistration implements Component {
    private final Coordinator coordinator;
    private final String service;
    private final String memberId;
    private final Map<String, String> extra;
    private Membership membership;

    public ServiceRegistration(Coordinator coordinator, String service, String memberId) {
        this(coordinator, service, memberId, Map.of());
    }

    /** @param extra capabilities advertised besides the usual five (which they cannot replace) */
    public ServiceRegistration(Coordinator coordinator, String service, String memberId, Map<String, String> extra) {
        this.coordinator = coordinator;
        this.service = service;
        this.memberId = memberId;
        this.extra = Map.copyOf(extra);
    }

    @Override
    public void start() {
        Map<String, String> capabilities = new HashMap<>(extra);
        capabilities.put("name", memberId);
        capabilities.put("type", service);
        capabilities.put("hostname", ProcessIdentity.hostname());
        capabilities.put("pid", Long.toString(ProcessHandle.current().pid()));
        capabilities.put("version", ReflexVersion.release());
        membership = coordinator.join(service, memberId, capabilities);
    }

    @Override
    public void close() {
        if (membership != null) {
            membership.close();
            membership = null;
        }
    }
}
