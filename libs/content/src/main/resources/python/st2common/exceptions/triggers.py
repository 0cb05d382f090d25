"""StackStorm's exceptions: Triggers."""

from st2common.exceptions import StackStormBaseException


class TriggerDoesNotExistException(StackStormBaseException):
    pass
