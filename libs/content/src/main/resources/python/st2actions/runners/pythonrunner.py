"""``from st2actions.runners.pythonrunner import Action``: how packs written for StackStorm before 2.0 import
the action base class. It is ``st2common.runners.base_action.Action``."""

from st2common.runners.base_action import Action

__all__ = ["Action"]
