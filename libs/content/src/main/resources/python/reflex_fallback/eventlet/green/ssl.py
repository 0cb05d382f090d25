"""The standard library's ``ssl``."""

import sys

import ssl

sys.modules[__name__] = ssl
