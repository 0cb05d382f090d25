import json
import os
import urllib.request

from st2common.runners.base_action import Action

DEFAULT_TEMPLATE = (
    "{% if execution.result.stdout is defined and execution.result.stdout %}{{ execution.result.stdout }}"
    "{% elif execution.result.result is defined %}{{ execution.result.result }}"
    "{% else %}{{ execution.result }}{% endif %}"
)


def _get(path):
    api = os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL", "http://127.0.0.1:9101/api/v1")
    request = urllib.request.Request(
        api.rstrip("/") + path, headers={"X-Auth-Token": os.environ.get("ST2_ACTION_AUTH_TOKEN", "")}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


class FormatResultAction(Action):
    """Returns {enabled, message, extra}: what chatops.post_result posts."""

    def run(self, execution_id):
        execution = _get("/executions/%s" % execution_id)
        alias = {}
        alias_ref = execution.get("context", {}).get("action_alias_ref", {})
        if alias_ref.get("id"):
            alias = _get("/actionalias/%s" % alias_ref["id"])
        result = alias.get("result", {})
        if result.get("enabled") is False:
            return {"enabled": False, "message": "", "extra": {}}
        template = result.get("format") or DEFAULT_TEMPLATE
        try:
            import jinja2

            env = jinja2.sandbox.SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
            message = env.from_string(template).render(execution=execution, alias=alias)
        except ImportError:
            stdout = execution.get("result", {}).get("stdout")
            message = stdout if stdout else json.dumps(execution.get("result", {}), indent=2)
        status = execution.get("status")
        if status != "succeeded":
            message = "Execution %s %s.\n%s" % (execution_id, status, message)
        return {"enabled": True, "message": message, "extra": result.get("extra", {})}
