"""StackStorm's exceptions: The datastore."""

from st2common.exceptions import StackStormBaseException
from st2common.exceptions.db import StackStormDBObjectNotFoundError


class CryptoKeyNotSetupException(StackStormBaseException):
    pass


class DataStoreKeyNotFoundError(StackStormDBObjectNotFoundError):
    pass


class InvalidScopeException(StackStormBaseException):
    pass


class InvalidUserException(StackStormBaseException):
    pass
