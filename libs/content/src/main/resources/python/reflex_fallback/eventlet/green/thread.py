"""The standard library's ``_thread``."""

import sys

import _thread

sys.modules[__name__] = _thread
