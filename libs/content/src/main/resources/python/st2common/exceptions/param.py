"""StackStorm's exceptions: Parameter rendering."""

from st2common.exceptions import StackStormBaseException


class ParamException(StackStormBaseException):
    pass
