"""The sensor hooks a test sensor has no use for, in one place.

A StackStorm sensor must define cleanup() and the three trigger hooks; a sensor written for a test keeps no
state and watches no triggers, so it mixes this class in before its base:

    from idle_sensor_hooks import IdleSensorHooks

    class Probe(IdleSensorHooks, PollingSensor):
        ...

The test writes this module next to the sensor (the sensor's own directory is on the import path).
"""


class IdleSensorHooks(object):
    # The container calls the trigger hooks with trigger= as a keyword, cleanup() with nothing.
    def _ignore(self, trigger=None):
        pass

    cleanup = _ignore
    add_trigger = _ignore
    update_trigger = _ignore
    remove_trigger = _ignore
