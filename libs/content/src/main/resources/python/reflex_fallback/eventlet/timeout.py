"""``eventlet.Timeout`` as a context manager that raises in the calling thread (main thread only: it uses
``SIGALRM``); elsewhere it does not interrupt."""

import signal
import threading

__all__ = ["Timeout"]


class Timeout(BaseException):
    def __init__(self, seconds=None, exception=None):
        super(Timeout, self).__init__(seconds)
        self.seconds = seconds
        self.exception = exception
        self._previous = None

    def start(self):
        if self.seconds and threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def _expired(self, signum, frame):
        # With exception=False the block ends silently: __exit__ swallows this Timeout.
        raise self if self.exception in (None, False) else self.exception

    def cancel(self):
        if self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None

    @property
    def pending(self):
        return self._previous is not None

    def __enter__(self):
        return self.start()

    def __exit__(self, kind, value, traceback):
        self.cancel()
        if value is self and self.exception is False:
            return True
        return False

    def __str__(self):
        return "%s second%s" % (self.seconds, "" if self.seconds == 1 else "s")
