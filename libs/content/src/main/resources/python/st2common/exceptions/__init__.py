"""StackStorm's exception hierarchy, for packs that raise or catch its classes."""


class StackStormBaseException(Exception):
    """The root of StackStorm's exceptions."""


class StackStormPluginException(StackStormBaseException):
    """The root of exceptions raised by plug-ins (runners, sensors, auth backends)."""
