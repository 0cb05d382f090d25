"""StackStorm's exceptions: Pack content."""

from st2common.exceptions import StackStormBaseException


class UnsupportedMetaException(StackStormBaseException):
    pass


class ParseException(ValueError):
    pass


class ResourceDiskFilesRemovalError(StackStormBaseException):
    pass
