import hashlib
import json
import os
import urllib.request

from st2common.runners.base_action import Action


def _get(url, token):
    request = urllib.request.Request(url, headers={"X-Auth-Token": token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


class CallbackAction(Action):
    def run(self):
        names = ["ST2_ACTION_API_URL", "ST2_ACTION_AUTH_TOKEN", "ST2_API_URL", "ST2_AUTH_TOKEN",
                 "ST2_ACTION_PACK_NAME", "ST2_ACTION_EXECUTION_ID"]
        env = dict((n, os.environ.get(n)) for n in names)
        api, token = env["ST2_ACTION_API_URL"], env["ST2_ACTION_AUTH_TOKEN"]
        execution = _get("%s/executions/%s" % (api, env["ST2_ACTION_EXECUTION_ID"]), token)
        user = _get(env["ST2_API_URL"] + "/user", env["ST2_AUTH_TOKEN"])
        return {
            "present": sorted(n for n, v in env.items() if v),
            "api_url": api,
            "same_token": token == env["ST2_AUTH_TOKEN"],
            "same_api": api == env["ST2_API_URL"],
            "token_sha256": hashlib.sha256(token.encode("utf-8")).hexdigest(),
            "execution_status": execution["status"],
            "execution_action": execution["action"]["ref"],
            "user": user["username"],
        }
