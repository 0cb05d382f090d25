import eventlet

from st2common.models.api.trace import TraceContext
from st2reactor.sensor.base import PollingSensor

# The no-op cleanup and trigger hooks; SecurityStack writes this module next to the sensor.
from idle_sensor_hooks import IdleSensorHooks

eventlet.monkey_patch(os=True, select=True, socket=True, thread=True, time=True)

# Dispatches on its first polls only, so that a long test run does not fill the trigger instances.
POLLS = 2


class CountingPoller(IdleSensorHooks, PollingSensor):
    def __init__(self, sensor_service, config=None, poll_interval=None):
        super(CountingPoller, self).__init__(sensor_service=sensor_service, config=config,
                                             poll_interval=poll_interval)
        self._logger = self._sensor_service.get_logger(__name__)

    def setup(self):
        self._logger.info("poll interval %s", self.get_poll_interval())

    def poll(self):
        count = int(self._sensor_service.get_value(name="count") or 0) + 1
        if count > POLLS:
            return
        self._sensor_service.set_value(name="count", value=count)
        listed = sorted(kv.name for kv in self._sensor_service.list_values(local=True))
        payload = {"count": count, "listed": listed}
        if count % 2:
            payload["via"] = "dispatch"
            self._sensor_service.dispatch(trigger="compat_python.polled", payload=payload,
                                          trace_tag="compat-python-poll-%d" % count)
        else:
            payload["via"] = "dispatch_with_context"
            self._sensor_service.dispatch_with_context(
                trigger="compat_python.polled", payload=payload,
                trace_context=TraceContext(trace_tag="compat-python-poll-%d" % count))
        eventlet.sleep(0)
