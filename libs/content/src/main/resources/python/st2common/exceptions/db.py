"""StackStorm's exceptions: Stored objects (raised by StackStorm's persistence layer; packs catch them)."""

from st2common.exceptions import StackStormBaseException


class StackStormDBObjectNotFoundError(StackStormBaseException):
    pass


class StackStormDBObjectMalformedError(StackStormBaseException):
    pass


class StackStormDBObjectConflictError(StackStormBaseException):
    pass


class StackStormDBObjectWriteConflictError(StackStormBaseException):
    pass
