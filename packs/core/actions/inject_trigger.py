import json
import os
import urllib.request

from st2common.runners.base_action import Action


class InjectTriggerAction(Action):
    """Posts {trigger, payload} to the API's /webhooks/st2 endpoint with the execution's token."""

    def run(self, trigger=None, trigger_name=None, payload=None, trace_tag=None):
        ref = trigger_name or trigger
        if not ref:
            raise ValueError("either trigger_name or trigger is required")
        body = {"trigger": ref, "payload": payload or {}}
        if trace_tag:
            body["trace_tag"] = trace_tag
        api = os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL", "http://127.0.0.1:9101/api/v1")
        request = urllib.request.Request(
            api.rstrip("/") + "/webhooks/st2",
            data=json.dumps(body).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                "X-Auth-Token": os.environ.get("ST2_ACTION_AUTH_TOKEN", ""),
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8") or "{}")
