"""Runs one StackStorm Python action for Reflex.

Arguments follow StackStorm's python runner: --pack, --file-path, --user, --parent-args, --parameters (or
--stdin-parameters: one JSON line {"parameters": {...}} on stdin), --config, --log-level. The parameters hold
every parameter the action declares (null for one without a value), so run() gets them all as keywords.
The result goes to stdout between two delimiter lines as {"result": ..., "status": bool|null}; exit code 220
means the action returned a tuple whose first element is not a bool.

Modules the pack imports resolve in this order: the action's directory, the wrapper's directory (Reflex's
st2common), the pack's lib/, the interpreter's own (the pack virtualenv's site-packages), and last
Reflex's stand-ins for packages StackStorm ships that the pack may lack (eventlet).
"""

import argparse
import importlib.util
import inspect
import json
import logging
import os
import select
import sys
import traceback

DELIMITER = "%%%%%~=~=~=************=~=~=~%%%%"
INVALID_STATUS_EXIT_CODE = 220
FALLBACK_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reflex_fallback")


class ActionService(object):
    """What an action gets as ``self.action_service``: the datastore with the execution's token."""

    def __init__(self, action_wrapper):
        self._action_wrapper = action_wrapper
        self._datastore_service = None

    @property
    def datastore_service(self):
        if self._datastore_service is None:
            from st2common.runners.utils import get_logger_for_python_runner_action
            from st2common.services.datastore import ActionDatastoreService

            wrapper = self._action_wrapper
            self._datastore_service = ActionDatastoreService(
                logger=get_logger_for_python_runner_action(wrapper._class_name, wrapper._log_level),
                pack_name=wrapper._pack, class_name=wrapper._class_name,
                auth_token=os.environ.get("ST2_ACTION_AUTH_TOKEN"))
        return self._datastore_service

    def get_user_info(self):
        return self.datastore_service.get_user_info()

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self.datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        return self.datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        return self.datastore_service.set_value(name=name, value=value, ttl=ttl, local=local, scope=scope,
                                                encrypt=encrypt)

    def delete_value(self, name, local=True, scope="system"):
        return self.datastore_service.delete_value(name=name, local=local, scope=scope)


class ActionWrapper(object):
    """The attributes StackStorm's wrapper has that actions and their services read."""

    def __init__(self, pack, file_path, log_level, user):
        self._pack = pack
        self._file_path = file_path
        self._log_level = log_level
        self._user = user
        self._class_name = None


def _load_action_class(file_path):
    name = os.path.splitext(os.path.basename(file_path))[0]
    action_dir = os.path.dirname(os.path.abspath(file_path))
    if action_dir not in sys.path:
        sys.path.insert(0, action_dir)
    spec = importlib.util.spec_from_file_location(name, file_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from st2common.runners.base_action import Action

    for _, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, Action) and obj is not Action and obj.__module__ == module.__name__:
            return obj
    raise ValueError("no class deriving from st2common.runners.base_action.Action in %s" % file_path)


def _read_stdin_parameters():
    ready, _, _ = select.select([sys.stdin], [], [], 2)
    if not ready:
        raise ValueError("no parameters on stdin within 2 seconds")
    return json.loads(sys.stdin.readline()).get("parameters", {})


def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--pack", required=True)
    p.add_argument("--file-path", required=True)
    p.add_argument("--user", default="")
    p.add_argument("--parent-args", default="[]")
    p.add_argument("--parameters", default="{}")
    p.add_argument("--stdin-parameters", action="store_true")
    p.add_argument("--config", default="{}")
    p.add_argument("--log-level", default="DEBUG")
    args = p.parse_args(argv)

    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.DEBUG), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    parameters = _read_stdin_parameters() if args.stdin_parameters else json.loads(args.parameters)
    config = json.loads(args.config)

    if FALLBACK_DIR not in sys.path:
        sys.path.append(FALLBACK_DIR)
    from st2common.content.utils import find_pack_dir, set_current_pack
    from st2common.runners.utils import get_action_class_instance

    set_current_pack(args.pack, find_pack_dir(args.file_path))
    cls = _load_action_class(args.file_path)
    wrapper = ActionWrapper(args.pack, args.file_path, args.log_level, args.user)
    wrapper._class_name = cls.__name__
    action = get_action_class_instance(cls, config=config, action_service=ActionService(wrapper))
    output = action.run(**parameters)

    status = None
    if isinstance(output, tuple) and len(output) == 2:
        if not isinstance(output[0], bool):
            sys.stderr.write("The action returned a tuple whose first element is not a bool: %r\n" % (output[0],))
            return INVALID_STATUS_EXIT_CODE
        status, output = output
    sys.stdout.write("\n" + DELIMITER + json.dumps({"result": _jsonable(output), "status": status}) + "\n" + DELIMITER + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception:
        traceback.print_exc()
        sys.exit(1)
