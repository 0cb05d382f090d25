"""StackStorm's exceptions: Action runners."""

from st2common.exceptions import StackStormPluginException


class ActionRunnerException(StackStormPluginException):
    pass


class ActionRunnerCreateError(ActionRunnerException):
    pass


class ActionRunnerDispatchError(ActionRunnerException):
    pass


class ActionRunnerPreRunError(ActionRunnerException):
    pass


class InvalidActionRunnerOperationError(ActionRunnerException):
    pass


class UnexpectedActionExecutionStatusError(ActionRunnerException):
    pass
