package io.reflex.testing;

import io.reflex.core.bus.EventBus;
import io.reflex.testing.contract.EventBusContract;
import java.time.Duration;

class InMemoryEventBusContractTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        return new InMemoryEventBus(3, Duration.ofMillis(10));
    }

    @Override
    protected int deliveryLimit() {
        return 3;
    }
}
