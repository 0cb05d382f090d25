"""The base classes of StackStorm Python sensors, as Reflex runs them.

A sensor module subclasses ``Sensor`` (passive: ``run()`` blocks and dispatches as events arrive) or
``PollingSensor`` (``poll()`` is called every ``poll_interval`` seconds). ``self.sensor_service`` dispatches
triggers, hands out loggers and reaches the datastore; ``self.config`` is the pack's configuration.
"""

import abc
import time

__all__ = ["Sensor", "PollingSensor"]


class BaseSensor(abc.ABC):
    """Not to be subclassed directly: use ``Sensor`` or ``PollingSensor``."""

    def __init__(self, sensor_service, config=None):
        # Both spellings exist in StackStorm packs; the underscored ones are the older.
        self._sensor_service = sensor_service
        self.sensor_service = sensor_service
        self._config = config or {}
        self.config = self._config

    @abc.abstractmethod
    def setup(self):
        """Runs once before ``run()``."""

    @abc.abstractmethod
    def run(self):
        """Runs the sensor; returning ends the sensor process."""

    @abc.abstractmethod
    def cleanup(self):
        """Runs once when the sensor is stopped."""

    @abc.abstractmethod
    def add_trigger(self, trigger):
        """A trigger of one of this sensor's trigger types was created (or existed at start)."""

    @abc.abstractmethod
    def update_trigger(self, trigger):
        """A trigger of one of this sensor's trigger types changed."""

    @abc.abstractmethod
    def remove_trigger(self, trigger):
        """A trigger of one of this sensor's trigger types was deleted."""


class Sensor(BaseSensor):
    """A passive sensor: ``run()`` waits for events and dispatches them."""

    @abc.abstractmethod
    def run(self):
        pass


class PollingSensor(BaseSensor):
    """An active sensor: ``poll()`` runs every ``poll_interval`` seconds (5 unless the metadata says)."""

    def __init__(self, sensor_service, config=None, poll_interval=5):
        super(PollingSensor, self).__init__(sensor_service=sensor_service, config=config)
        self._poll_interval = poll_interval

    @abc.abstractmethod
    def poll(self):
        """Looks at the watched system once; dispatches what it found."""

    def run(self):
        while True:
            self.poll()
            time.sleep(self._poll_interval)

    def get_poll_interval(self):
        return self._poll_interval

    def set_poll_interval(self, poll_interval):
        self._poll_interval = poll_interval
