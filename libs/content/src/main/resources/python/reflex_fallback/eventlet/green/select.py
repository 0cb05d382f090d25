"""The standard library's ``select``."""

import sys

import select

sys.modules[__name__] = select
