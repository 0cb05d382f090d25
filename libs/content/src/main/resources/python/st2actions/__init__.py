"""The module path of StackStorm's older action base class (``st2actions.runners.pythonrunner.Action``)."""
