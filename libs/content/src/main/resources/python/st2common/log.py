"""StackStorm's logging helpers: ``getLogger`` (names under ``st2.``), the ``AUDIT`` level and
``LoggingStream``. Under Reflex, log records of actions and sensors go to the process's standard error,
which Reflex stores as the execution's (or the sensor's) output; ``setup`` only sets the level."""

import logging

__all__ = ["getLogger", "setup", "LoggingStream", "ignore_lib2to3_log_messages", "ignore_statsd_log_messages"]

# Above CRITICAL, as in StackStorm: audit records are always emitted.
AUDIT = logging.CRITICAL + 10
logging.AUDIT = AUDIT
logging.addLevelName(AUDIT, "AUDIT")


def _audit(self, msg, *args, **kwargs):
    if self.isEnabledFor(AUDIT):
        self._log(AUDIT, msg, args, **kwargs)


logging.Logger.audit = _audit

_PREFIX = "st2."


def getLogger(name):
    """The stdlib logger ``st2.<name>`` (``name`` as it is when it already starts with ``st2.``)."""
    return logging.getLogger(name if name.startswith(_PREFIX) else _PREFIX + name)


def setup(config_file=None, redirect_stderr=True, excludes=None, disable_existing_loggers=False,
          st2_conf_path=None):
    """StackStorm reads a logging configuration file here; Reflex keeps stderr logging and ignores it."""
    logging.getLogger().setLevel(logging.getLogger().level or logging.INFO)


class LoggingStream(object):
    """A file-like object whose writes become log records of ``name`` at ``level``."""

    def __init__(self, name, level=logging.ERROR):
        self._logger = getLogger(name)
        self._level = level

    def write(self, message):
        if message and message.strip():
            self._logger.log(self._level, message.rstrip("\n"))

    def flush(self):
        pass


def ignore_lib2to3_log_messages():
    logging.getLogger("lib2to3").setLevel(logging.ERROR)


def ignore_statsd_log_messages():
    logging.getLogger("statsd").setLevel(logging.ERROR)
