"""The standard library's ``os``."""

import sys

import os

sys.modules[__name__] = os
