"""The standard library's ``socket``."""

import sys

import socket

sys.modules[__name__] = socket
