"""Reflex's compatibility layer for StackStorm Python actions and sensors.

Pack code imports parts of StackStorm's ``st2common``; Reflex ships these modules in pure Python (standard
library only) with the names, signatures and behaviour packs rely on. Modules that reach StackStorm's
database or message bus directly (``st2common.persistence``, ``st2common.transport``, ...) are not provided:
under Reflex, pack code talks to the API (see ``st2common.services.datastore``).
"""

# The StackStorm release whose behaviour Reflex follows.
__version__ = "3.9.0"
