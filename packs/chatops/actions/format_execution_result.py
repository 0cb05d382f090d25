"""Formats an execution's result for chat: the alias's ``result.format`` when it has one, otherwise the
pack's ``templates/default.j2``. Returns ``{enabled, message, extra?}``, what ``chatops.post_result`` posts.

Templates render in the sandboxed environment of ``st2common.util.jinja`` when the ``jinja2`` package is
there; without it the message is the same summary written in plain Python (an alias's own template needs
jinja2).
"""

import json
import os
import types
import urllib.parse
import urllib.request

from st2common.runners.base_action import Action

HERE = os.path.dirname(os.path.realpath(__file__))
DEFAULT_TEMPLATE = os.path.join(HERE, "templates", "default.j2")
# what chat does not need from the execution (and what would make the template's input large)
LEFT_OUT = ("trigger", "trigger_type", "trigger_instance", "liveaction")
# the result keys shown for each kind of runner (all keys for the others)
SHOWN = {
    "local-shell-cmd": ("stdout", "stderr", "return_code", "error"),
    "local-shell-script": ("stdout", "stderr", "return_code", "error"),
    "remote-shell-cmd": ("stdout", "stderr", "return_code", "error"),
    "remote-shell-script": ("stdout", "stderr", "return_code", "error"),
    "python-script": ("result", "stdout", "stderr", "exit_code"),
}


def _six():
    """``six`` as alias templates written for StackStorm use it (``six.iteritems``)."""
    try:
        import six

        return six
    except ImportError:
        return types.SimpleNamespace(
            iteritems=lambda d: iter(d.items()), string_types=(str,), text_type=str, integer_types=(int,)
        )


class FormatResultAction(Action):
    def run(self, execution_id):
        if not execution_id:
            raise ValueError("Invalid execution_id provided.")
        execution = self._get("/executions/%s" % urllib.parse.quote(execution_id, safe=""))
        for key in LEFT_OUT:
            execution.pop(key, None)
        scope = {"execution": execution, "six": _six(), "shown": SHOWN}
        outcome = {"enabled": True}
        template = None
        alias_id = (execution.get("context") or {}).get("action_alias_ref", {}).get("id")
        if alias_id:
            alias = self._get("/actionalias/%s" % urllib.parse.quote(alias_id, safe=""))
            scope["alias"] = alias
            options = alias.get("result") or {}
            if options.get("enabled", True) is False:
                return {"enabled": False, "message": ""}
            template = options.get("format")
            if "extra" in options:
                outcome["extra"] = self._render_values(options["extra"], scope)
        outcome["message"] = self._render(template, scope)
        return outcome

    def _render(self, template, scope):
        try:
            from st2common.util import jinja as jinja_utils

            env = jinja_utils.get_jinja_environment(allow_undefined=True)
        except ImportError:
            return _plain(scope["execution"])
        if template is None:
            with open(DEFAULT_TEMPLATE, "r") as f:
                template = f.read()
        return env.from_string(template).render(scope)

    @staticmethod
    def _render_values(values, scope):
        try:
            from st2common.util import jinja as jinja_utils

            return jinja_utils.render_values(values, scope, allow_undefined=True)
        except ImportError:
            return values

    @staticmethod
    def _get(path):
        api = os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL", "http://127.0.0.1:9101/v1")
        request = urllib.request.Request(
            api.rstrip("/") + path, headers={"X-Auth-Token": os.environ.get("ST2_ACTION_AUTH_TOKEN", "")}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))


def _plain(execution):
    """The default template's summary without jinja2."""
    lines = [
        "Action %s completed." % (execution.get("action") or {}).get("ref"),
        "status : %s" % execution.get("status"),
        "execution: %s" % execution.get("id"),
    ]
    result = execution.get("result")
    if result:
        lines += ["", "result :", "--------"]
        keys = SHOWN.get((execution.get("runner") or {}).get("name"))
        if isinstance(result, dict):
            for key, value in result.items():
                if keys is None or (key in keys and value):
                    text = value if isinstance(value, str) else json.dumps(value)
                    lines.append("%s : %s" % (key, text.strip()))
        else:
            lines.append(str(result))
    return "\n".join(lines)
