"""``eventlet.event.Event``: sent once with a value; ``wait()`` returns it."""

import threading

__all__ = ["Event"]


class Event(object):
    def __init__(self):
        self._set = threading.Event()
        self._value = None

    def send(self, result=None):
        self._value = result
        self._set.set()

    def ready(self):
        return self._set.is_set()

    def wait(self, timeout=None):
        self._set.wait(timeout)
        return self._value

    def reset(self):
        self._set.clear()
        self._value = None
