"""The standard library's ``threading``."""

import sys

import threading

sys.modules[__name__] = threading
