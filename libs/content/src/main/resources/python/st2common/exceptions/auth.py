"""StackStorm's exceptions: Authentication."""

from st2common.exceptions import StackStormBaseException
from st2common.exceptions.db import StackStormDBObjectNotFoundError


class TokenNotProvidedError(StackStormBaseException):
    pass


class TokenNotFoundError(StackStormDBObjectNotFoundError):
    pass


class TokenExpiredError(StackStormBaseException):
    pass


class TTLTooLargeException(StackStormBaseException):
    pass


class ApiKeyNotProvidedError(StackStormBaseException):
    pass


class ApiKeyNotFoundError(StackStormDBObjectNotFoundError):
    pass


class ApiKeyDisabledError(StackStormDBObjectNotFoundError):
    pass


class MultipleAuthSourcesError(StackStormBaseException):
    pass


class NoAuthSourceProvidedError(StackStormBaseException):
    pass


class UserNotFoundError(StackStormBaseException):
    pass


class AmbiguousUserError(StackStormBaseException):
    pass


class NotServiceUserError(StackStormBaseException):
    pass
