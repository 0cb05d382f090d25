"""``eventlet.patcher`` without patching: modules stay the standard library's."""

import importlib

__all__ = ["monkey_patch", "is_monkey_patched", "import_patched", "original"]


def monkey_patch(**modules):
    """Nothing to patch: the process runs ordinary threads."""


def is_monkey_patched(module):
    return False


def import_patched(module_name, *additional_modules, **kw_additional_modules):
    return importlib.import_module(module_name)


def original(modname):
    return importlib.import_module(modname)
