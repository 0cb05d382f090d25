from st2reactor.sensor.base import PollingSensor


class TickSensor(PollingSensor):
    """Counts polls; the counter survives restarts in the datastore."""

    def setup(self):
        self._count = int(self.sensor_service.get_value("count", local=True) or 0)

    def poll(self):
        self._count += 1
        self.sensor_service.set_value("count", str(self._count), local=True)
        self.sensor_service.dispatch(trigger="examples.tick", payload={"count": self._count})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
