"""The standard library's ``time``."""

import sys

import time

sys.modules[__name__] = time
