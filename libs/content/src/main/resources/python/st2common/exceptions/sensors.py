"""StackStorm's exceptions: Sensors."""

from st2common.exceptions import StackStormBaseException, StackStormPluginException


class SensorPluginException(StackStormPluginException):
    pass


class TriggerTypeRegistrationException(SensorPluginException):
    pass


class SensorNotFoundException(StackStormBaseException):
    pass
