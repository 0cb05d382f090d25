package io.reflex.runtime.service;

import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Membership;
import io.reflex.runtime.lifecycle.Component;
import java.util.Map;

/**
 * Membership of the service's coordinator group (StackStorm's service registry): the group is the
 * service name, the member advertises {@code name}, {@code type}, {@code hostname} and {@code pid}.
 * Joined on start, left on stop; a dead process leaves when its session expires.
 */
public final class ServiceRegistration implements Component {
    private final Coordinator coordinator;
    private final String service;
    private final String memberId;
    private Membership membership;

    public ServiceRegistration(Coordinator coordinator, String service, String memberId) {
        this.coordinator = coordinator;
        this.service = service;
        this.memberId = memberId;
    }

    @Override
    public void start() {
        membership = coordinator.join(
                service,
                memberId,
                Map.of(
                        "name",
                        memberId,
                        "type",
                        service,
                        "hostname",
                        ProcessIdentity.hostname(),
                        "pid",
                        Long.toString(ProcessHandle.current().pid())));
    }

    @Override
    public void close() {
        if (membership != null) {
            membership.close();
            membership = null;
        }
    }
}
