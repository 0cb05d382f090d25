package io.reflex.sensorcontainer;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the sensorcontainer service as its own process. */
public final class SensorContainerMain {
    private SensorContainerMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new SensorContainerService(), args);
    }
}
