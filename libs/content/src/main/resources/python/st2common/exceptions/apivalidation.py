"""StackStorm's exceptions: API input."""

from st2common.exceptions import StackStormBaseException


class ValueValidationException(StackStormBaseException):
    pass
