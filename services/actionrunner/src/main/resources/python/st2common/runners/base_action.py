"""The base class of StackStorm Python actions, as Reflex runs them."""

import abc
import logging


class Action(abc.ABC):
    """Subclass this and implement ``run(self, **parameters)``.

    Return any JSON-serialisable value, or a ``(bool, result)`` tuple whose first element decides whether
    the execution succeeded.
    """

    def __init__(self, config=None, action_service=None):
        self.config = config or {}
        self.action_service = action_service
        self.logger = logging.getLogger("st2.action." + self.__class__.__name__)

    @abc.abstractmethod
    def run(self, **kwargs):
        raise NotImplementedError()
