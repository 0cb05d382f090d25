"""The base class of StackStorm Python actions, as Reflex runs them."""

import abc

from st2common.runners.utils import PackConfigDict, get_logger_for_python_runner_action

__all__ = ["Action"]


class Action(abc.ABC):
    """Subclass this and implement ``run(self, **parameters)``.

    ``run`` receives every parameter the action declares (``None`` for one without a value or default).
    Return any JSON-serialisable value, or a ``(bool, result)`` tuple whose first element decides whether
    the execution succeeded. ``self.config`` is the pack's configuration, ``self.logger`` logs to the
    execution's stderr, ``self.action_service`` reaches the datastore with the execution's token.
    """

    description = None

    def __init__(self, config=None, action_service=None):
        wrapper = getattr(action_service, "_action_wrapper", None) if action_service else None
        log_level = getattr(wrapper, "_log_level", "debug") if wrapper else "debug"
        pack_name = getattr(wrapper, "_pack", "unknown") if wrapper else "unknown"
        self.config = PackConfigDict(pack_name, config or {})
        self.action_service = action_service
        self.logger = get_logger_for_python_runner_action(action_name=self.__class__.__name__, log_level=log_level)

    @abc.abstractmethod
    def run(self, **kwargs):
        raise NotImplementedError()
