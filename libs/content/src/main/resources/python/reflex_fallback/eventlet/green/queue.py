"""The standard library's ``queue``."""

import sys

import queue

sys.modules[__name__] = queue
