"""The standard library's ``subprocess``."""

import sys

import subprocess

sys.modules[__name__] = subprocess
