from st2reactor.sensor.base import Sensor

# The no-op cleanup and trigger hooks; SecurityStack writes this module next to the sensor.
from idle_sensor_hooks import IdleSensorHooks


class WatchSensor(IdleSensorHooks, Sensor):
    def setup(self):
        pass

    def run(self):
        pass
