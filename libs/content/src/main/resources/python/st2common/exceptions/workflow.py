"""StackStorm's exceptions: Workflows."""

from st2common.exceptions import StackStormBaseException


class WorkflowDefinitionException(StackStormBaseException):
    pass


class WorkflowExecutionException(StackStormBaseException):
    pass
