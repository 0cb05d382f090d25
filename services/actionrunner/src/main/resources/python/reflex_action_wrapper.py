"""Runs one StackStorm Python action for Reflex.

Arguments follow StackStorm's python runner: --pack, --file-path, --user, --parent-args, --parameters (or
--stdin-parameters: one JSON line {"parameters": {...}} on stdin), --config, --log-level. The result goes to
stdout between two delimiter lines as {"result": ..., "status": bool|null}; exit code 220 means the action
returned a tuple whose first element is not a bool.
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

    cls = _load_action_class(args.file_path)
    from st2common.services.datastore import DatastoreService

    service = DatastoreService(logging.getLogger("st2.action_service"), args.pack, cls.__name__)
    action = cls(config=config, action_service=service)
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
