"""Helpers of StackStorm's python runner that packs use: the action logger and class instantiation."""

import logging

__all__ = ["get_logger_for_python_runner_action", "get_action_class_instance", "PackConfigDict"]

_LOGGERS = {}


def get_logger_for_python_runner_action(action_name, log_level="debug"):
    """The logger ``actions.python.<action_name>``: records at ``log_level`` and above go to stderr."""
    name = "actions.python.%s" % (action_name,)
    logger = _LOGGERS.get(name)
    if logger is None:
        level = getattr(logging, str(log_level).upper(), logging.DEBUG)
        logger = logging.getLogger(name)
        handler = logging.StreamHandler()
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(name)-12s: %(levelname)-8s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
        # the handler above writes the record; the root handler would write it a second time
        logger.propagate = False
        _LOGGERS[name] = logger
    return logger


def get_action_class_instance(action_cls, config=None, action_service=None):
    """An instance of ``action_cls``; an older class whose constructor takes no ``action_service`` gets it
    assigned after construction."""
    try:
        return action_cls(config=config, action_service=action_service)
    except TypeError as e:
        if "action_service" not in str(e):
            raise
    instance = action_cls(config=config)
    instance.action_service = action_service
    return instance


class PackConfigDict(dict):
    """A pack's configuration: reading an item that is not there raises ``ValueError`` naming the pack and
    the item (as StackStorm), not a bare ``KeyError``."""

    def __init__(self, pack_name, *args):
        super(PackConfigDict, self).__init__(*args)
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super(PackConfigDict, self).__getitem__(key)
        except KeyError:
            raise ValueError(
                'Config for pack "%s" is missing key "%s". Make sure that the config file exists on disk '
                "(configs/%s.yaml) or was given through the API, and that it contains this key."
                % (self._pack_name, key, self._pack_name))
