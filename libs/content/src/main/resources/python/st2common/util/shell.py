"""Shell helpers: quoting and running commands."""

import logging
import shlex
import subprocess

__all__ = ["run_command", "kill_process", "quote_unix", "quote_windows"]

LOG = logging.getLogger(__name__)


def run_command(cmd, stdin=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE, shell=False, cwd=None, env=None,
                close_fds=None):
    """Runs ``cmd`` (a string, list or tuple) to its end; ``(exit_code, stdout, stderr)`` as text."""
    if not isinstance(cmd, (list, tuple, str)):
        raise TypeError("Command must be a type of list, tuple, or string, not '%s'." % type(cmd))
    kwargs = {} if close_fds is None else {"close_fds": close_fds}
    process = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr, env=env, cwd=cwd, shell=shell,
                               **kwargs)
    out, err = process.communicate()
    return process.returncode, _text(out), _text(err)


def _text(data):
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def kill_process(process):
    """Sends TERM to the process group (session) of ``process``; the exit code of the kill command."""
    try:
        return subprocess.call(["pkill", "-TERM", "-s", str(process.pid)], timeout=100)
    except Exception:
        LOG.exception("Unable to pkill process.")
        return None


def quote_unix(value):
    """``value`` as one POSIX shell word."""
    return shlex.quote(value)


def quote_windows(value):
    """``value`` as one word of a Windows command line (MS C runtime rules)."""
    return subprocess.list2cmdline([value])
