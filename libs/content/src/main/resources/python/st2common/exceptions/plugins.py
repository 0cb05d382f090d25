"""StackStorm's exceptions: Plug-in loading."""

from st2common.exceptions import StackStormPluginException


class PluginLoadError(StackStormPluginException):
    pass


class IncompatiblePluginException(StackStormPluginException):
    pass
