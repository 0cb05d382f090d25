"""Runs one StackStorm Python sensor as a child process of Reflex's sensor container.

Arguments follow StackStorm's sensor_wrapper.py: --pack, --file-path, --class-name, --trigger-type-refs
(comma-separated), --poll-interval, --parent-args (accepted, unused); plus --log-level.

The container and the wrapper talk in JSON lines:

- stdin, container -> wrapper: first {"type": "init", "config": {...}, "orphan_timeout": seconds}, then any
  number of {"type": "add_trigger" | "update_trigger" | "remove_trigger", "trigger": {...}} and
  {"type": "keepalive"}. The end of stdin means the container is gone (it closed the pipe or died): the
  sensor is stopped as on SIGTERM, so a sensor never outlives its container. With orphan_timeout, silence
  for that long means the same: the container's JVM is frozen or has lost its lock, and another container
  may soon run the sensor; the process then ends within orphan_timeout more.
- stdout, wrapper -> container: one message per line, each starting with the ASCII record separator (0x1e):
  {"type": "ready"} once setup() returned and {"type": "dispatch", "trigger": ..., "payload": ...,
  "trace_tag": ...}. Before the sensor module is loaded, file descriptor 1 is pointed at stderr and the
  channel keeps a private copy of the real stdout, so nothing the sensor (or a program it starts) prints can
  reach the channel; the container logs stderr lines as the sensor's output.

SIGTERM runs cleanup() and exits 0; an exception from loading, setup() or run() exits 1 (after cleanup()
when the sensor exists), and the container restarts the sensor. A sensor stopped for want of keepalives
exits 75, and is restarted too if its container still holds its lock.
"""

import argparse
import importlib.util
import inspect
import json
import logging
import os
import queue
import signal
import sys
import threading
import time
import traceback

RECORD_SEPARATOR = "\x1e"
# Once the container is gone, how long cleanup() may take before the process ends regardless.
ORPHAN_GRACE_SECONDS = 3.0
# The exit code of a sensor stopped for want of keepalives: not 0, which says run() returned (finished), so
# that a container that still holds the lock starts it again.
ORPHAN_EXIT_CODE = 75
SYSTEM_SCOPE = "system"
# Reflex's stand-ins for packages StackStorm ships (eventlet): last on sys.path, so a real one in the pack's
# virtualenv wins.
FALLBACK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reflex_fallback")


class _Stop(BaseException):
    """Raised in the main thread by SIGTERM, wherever setup() or run() is (time.sleep included)."""


def _raise_stop(signum, frame):
    raise _Stop()


class Channel(object):
    """The container's end of stdout: one locked write and flush per message."""

    def __init__(self, stream):
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message):
        # ensure_ascii (the default) escapes every control character, so a message is exactly one line.
        line = RECORD_SEPARATOR + json.dumps(message, default=str, separators=(",", ":")) + "\n"
        with self._lock:
            self._stream.write(line)
            self._stream.flush()


def take_stdout():
    """Keeps the real stdout for the channel and points file descriptor 1 and sys.stdout at stderr."""
    sys.stdout.flush()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return Channel(channel)


def _trigger_ref(trigger):
    if isinstance(trigger, dict):
        if trigger.get("ref"):
            return trigger["ref"]
        if trigger.get("pack") and trigger.get("name"):
            return "%s.%s" % (trigger["pack"], trigger["name"])
        return trigger.get("type")
    return trigger


def _trace_tag(trace_context):
    if trace_context is None:
        return None
    if isinstance(trace_context, dict):
        return trace_context.get("trace_tag")
    return getattr(trace_context, "trace_tag", None)


class SensorService(object):
    """What a sensor gets as ``sensor_service``: dispatch, loggers and the datastore (StackStorm's API)."""

    def __init__(self, wrapper):
        self._wrapper = wrapper
        self._logger = wrapper.logger
        self._datastore = None

    @property
    def datastore_service(self):
        if self._datastore is None:
            from st2common.services.datastore import SensorDatastoreService

            self._datastore = SensorDatastoreService(
                logger=self._logger, pack_name=self._wrapper.pack, class_name=self._wrapper.class_name,
                api_username="sensor_service")
        return self._datastore

    def get_logger(self, name):
        logger = logging.getLogger("%s.%s" % (self._logger.name, name))
        logger.propagate = True
        return logger

    def get_user_info(self):
        return self.datastore_service.get_user_info()

    def dispatch(self, trigger, payload=None, trace_tag=None):
        self._send(trigger, payload, trace_tag)

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        self._send(trigger, payload, _trace_tag(trace_context))

    def _send(self, trigger, payload, trace_tag):
        ref = _trigger_ref(trigger)
        if not isinstance(ref, str) or not ref:
            raise TypeError("trigger must be a trigger reference string, got %r" % (trigger,))
        if payload is not None and not isinstance(payload, dict):
            raise TypeError("payload must be a dict or None, got %s" % type(payload).__name__)
        self._logger.debug("Dispatching trigger (trigger=%s,payload=%s)", ref, payload)
        self._wrapper.channel.send({"type": "dispatch", "trigger": ref, "payload": payload, "trace_tag": trace_tag})

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self.datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        return self.datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        return self.datastore_service.set_value(
            name=name, value=value, ttl=ttl, local=local, scope=scope, encrypt=encrypt)

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        return self.datastore_service.delete_value(name=name, local=local, scope=scope)


def load_sensor_class(file_path, class_name):
    if FALLBACK_DIR not in sys.path:
        sys.path.append(FALLBACK_DIR)
    sensor_dir = os.path.dirname(os.path.abspath(file_path))
    if sensor_dir not in sys.path:
        sys.path.insert(0, sensor_dir)
    module_name = os.path.splitext(os.path.basename(file_path))[0]
    spec = importlib.util.spec_from_file_location(module_name, file_path)
    if spec is None:
        raise ValueError('Sensor file "%s" cannot be loaded' % file_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if not inspect.isclass(cls):
        raise ValueError('Sensor module is missing a class with name "%s"' % class_name)
    return cls


class SensorWrapper(object):
    def __init__(self, args, channel):
        self.pack = args.pack
        self.class_name = args.class_name
        self.file_path = args.file_path
        self.trigger_types = [t for t in (args.trigger_type_refs or "").split(",") if t]
        self.poll_interval = args.poll_interval
        self.channel = channel
        self.logger = logging.getLogger("SensorWrapper.%s.%s" % (self.pack, self.class_name))
        self.sensor = None
        self._commands = queue.Queue()
        self._ready = threading.Event()
        self._triggers = {}
        self._last_word = time.monotonic()
        # Set when the sensor is stopped for want of keepalives: the process then exits with it.
        self.exit_code = None

    def run(self, stdin):
        """Returns the exit code."""
        try:
            init = stdin.readline()
            if not init:
                self.logger.info("container gone before the sensor started")
                return 0
            init = json.loads(init)
            self._last_word = time.monotonic()
            # Read (and watch) the container from now on: loading a heavy module can take a while.
            threading.Thread(target=self._read_commands, args=(stdin,), name="commands", daemon=True).start()
            orphan_timeout = init.get("orphan_timeout")
            if orphan_timeout:
                threading.Thread(target=self._watch_container, args=(float(orphan_timeout),),
                                 name="orphan-watch", daemon=True).start()
            self._load(init.get("config") or {})
            threading.Thread(target=self._apply_commands, name="triggers", daemon=True).start()
            self.logger.info("Running sensor initialization code")
            self.sensor.setup()
            self._ready.set()
            self.channel.send({"type": "ready"})
            mode = "active mode (poll interval=%ss)" % self.poll_interval if self.poll_interval else "passive mode"
            self.logger.info("Running sensor in %s", mode)
            self.sensor.run()
            self.logger.info("Sensor run() returned")
            return 0
        except _Stop:
            return 0
        except Exception:
            self.logger.error('Sensor "%s" failed: %s', self.class_name, traceback.format_exc())
            return 1
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self._cleanup()

    def _load(self, config):
        from st2common.content.utils import find_pack_dir, set_current_pack

        set_current_pack(self.pack, find_pack_dir(self.file_path))
        cls = load_sensor_class(self.file_path, self.class_name)
        from st2reactor.sensor.base import PollingSensor

        kwargs = {"sensor_service": SensorService(self), "config": config}
        if self.poll_interval and issubclass(cls, PollingSensor):
            kwargs["poll_interval"] = self.poll_interval
        self.sensor = cls(**kwargs)

    def _cleanup(self):
        if self.sensor is None:
            return
        self.logger.info("Invoking cleanup on sensor")
        try:
            self.sensor.cleanup()
        except Exception:
            self.logger.error("Sensor cleanup failed: %s", traceback.format_exc())

    def _read_commands(self, stdin):
        try:
            for line in stdin:
                self._last_word = time.monotonic()
                line = line.strip()
                if not line:
                    continue
                try:
                    command = json.loads(line)
                except ValueError:
                    self.logger.warning("unreadable message from the container: %r", line[:200])
                    continue
                if command.get("type") != "keepalive":
                    self._commands.put(command)
        except (OSError, ValueError):
            pass
        self._orphaned("container gone (stdin closed)", ORPHAN_GRACE_SECONDS)

    def _watch_container(self, timeout):
        try:
            while time.monotonic() - self._last_word <= timeout:
                time.sleep(min(0.1, timeout / 4))
            self.exit_code = ORPHAN_EXIT_CODE
            self._orphaned("no word from the container for %.1fs (frozen, or it lost the sensor's lock)"
                           % (time.monotonic() - self._last_word), timeout)
        finally:
            # Whatever failed above, an orphan does not live on.
            os._exit(ORPHAN_EXIT_CODE)

    def _orphaned(self, why, grace):
        """Stops the sensor as on SIGTERM (cleanup() runs) and ends the process after grace seconds at most.

        The end is armed before anything that can block: with the container frozen, nobody reads this
        process's stdout and stderr, so once a pipe is full a write (a log line, a dispatch) blocks, and
        another thread blocked in one holds the logging lock. The sensor must be gone before the
        container's session can expire and another container start it, whatever else is stuck."""
        code = self.exit_code or 0
        try:
            threading.Thread(target=self._exit_after, args=(grace, code), daemon=True).start()
        except RuntimeError:
            os._exit(code)  # no thread to bound the cleanup with: end now
        os.kill(os.getpid(), signal.SIGTERM)
        self.logger.warning("%s: stopping the sensor", why)
        self._exit_after(grace, code)

    @staticmethod
    def _exit_after(seconds, code):
        time.sleep(seconds)
        os._exit(code)

    def _apply_commands(self):
        # StackStorm tells a sensor about triggers only once its setup() ran.
        self._ready.wait()
        while True:
            command = self._commands.get()
            try:
                self._apply(command.get("type"), command.get("trigger") or {})
            except Exception:
                self.logger.error("%s failed: %s", command.get("type"), traceback.format_exc())

    def _apply(self, kind, trigger):
        trigger_id = str(trigger.get("id"))
        if kind == "add_trigger":
            self._triggers[trigger_id] = trigger
            self.sensor.add_trigger(trigger=trigger)
        elif kind == "update_trigger":
            self._triggers[trigger_id] = trigger
            self.sensor.update_trigger(trigger=trigger)
        elif kind == "remove_trigger" and self._triggers.pop(trigger_id, None) is not None:
            self.sensor.remove_trigger(trigger=trigger)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Reflex sensor wrapper")
    p.add_argument("--pack", required=True)
    p.add_argument("--file-path", required=True)
    p.add_argument("--class-name", required=True)
    p.add_argument("--trigger-type-refs", default="")
    p.add_argument("--poll-interval", type=int, default=None)
    p.add_argument("--parent-args", default="[]")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    channel = take_stdout()
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.INFO), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _raise_stop)
    wrapper = SensorWrapper(args, channel)
    try:
        code = wrapper.run(sys.stdin)
    except _Stop:
        code = 0
    if wrapper.exit_code is not None:
        code = wrapper.exit_code
    sys.stderr.flush()
    # Not sys.exit: a sensor's own non-daemon threads must not keep a stopped sensor alive.
    os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
