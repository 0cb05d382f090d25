"""A stand-in for eventlet, used only when the real one is not installed.

Reflex runs each action and sensor in its own process with ordinary threads, so the green-thread calls
packs make map onto the standard library: ``sleep`` is ``time.sleep``, ``spawn`` starts a daemon thread,
``monkey_patch`` does nothing. Reflex's wrappers append this directory at the end of ``sys.path``: a real
eventlet in the pack's virtualenv always wins.
"""

import queue as _queue
import threading
import time

from eventlet import patcher
from eventlet.patcher import import_patched, monkey_patch
from eventlet.timeout import Timeout

__all__ = ["sleep", "spawn", "spawn_n", "spawn_after", "kill", "monkey_patch", "import_patched", "Timeout",
           "GreenPool", "GreenPile", "Queue", "LightQueue", "getcurrent", "patcher", "GreenThread"]

__version__ = "0.0+reflex"
REFLEX_FALLBACK = True


def sleep(seconds=0):
    time.sleep(seconds)


class GreenThread(object):
    """A daemon thread running ``func(*args, **kwargs)``; ``wait()`` returns its result or raises its error."""

    def __init__(self, func, args, kwargs, delay=0):
        self._done = threading.Event()
        self._result = None
        self._error = None
        self._links = []
        self._thread = threading.Thread(target=self._run, args=(func, args, kwargs, delay), daemon=True)
        self._thread.start()

    def _run(self, func, args, kwargs, delay):
        if delay:
            time.sleep(delay)
        try:
            self._result = func(*args, **kwargs)
        except BaseException as e:
            self._error = e
        finally:
            self._done.set()
            for link, link_args, link_kwargs in self._links:
                link(self, *link_args, **link_kwargs)

    def wait(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result

    def link(self, func, *args, **kwargs):
        self._links.append((func, args, kwargs))
        if self._done.is_set():
            func(self, *args, **kwargs)

    def dead(self):
        return self._done.is_set()

    def kill(self, *args):
        """Threads cannot be killed: the thread runs on to its end."""

    cancel = kill


def spawn(func, *args, **kwargs):
    return GreenThread(func, args, kwargs)


def spawn_n(func, *args, **kwargs):
    GreenThread(func, args, kwargs)


def spawn_after(seconds, func, *args, **kwargs):
    return GreenThread(func, args, kwargs, delay=seconds)


def kill(thread, *args):
    thread.kill()


def getcurrent():
    return threading.current_thread()


class GreenPool(object):
    """At most ``size`` functions running at once."""

    def __init__(self, size=1000):
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._running = []

    def spawn(self, func, *args, **kwargs):
        self._slots.acquire()

        def run():
            try:
                return func(*args, **kwargs)
            finally:
                self._slots.release()

        thread = GreenThread(run, (), {})
        self._running.append(thread)
        return thread

    def spawn_n(self, func, *args, **kwargs):
        self.spawn(func, *args, **kwargs)

    def waitall(self):
        for thread in list(self._running):
            thread._done.wait()
        self._running = [t for t in self._running if not t.dead()]

    def imap(self, func, *iterables):
        threads = [self.spawn(func, *args) for args in zip(*iterables)]
        for thread in threads:
            yield thread.wait()

    def running(self):
        return len([t for t in self._running if not t.dead()])

    def free(self):
        return self.size - self.running()


class GreenPile(object):
    def __init__(self, size_or_pool=1000):
        self.pool = size_or_pool if isinstance(size_or_pool, GreenPool) else GreenPool(size_or_pool)
        self._threads = []

    def spawn(self, func, *args, **kwargs):
        self._threads.append(self.pool.spawn(func, *args, **kwargs))

    def __iter__(self):
        while self._threads:
            yield self._threads.pop(0).wait()


Queue = _queue.Queue
LightQueue = _queue.Queue
