import os

from st2common.runners.base_action import Action


class ImportsAction(Action):
    def run(self, lines):
        failed = {}
        for line in lines:
            try:
                exec(line, {})
            except Exception as e:
                failed[line] = "%s: %s" % (type(e).__name__, e)
        return {"failed": failed, "checks": self._checks()}

    def _checks(self):
        from st2common import log as logging
        from st2common.constants.pack import SYSTEM_PACK_NAMES
        from st2common.content import utils as content_utils
        from st2common.exceptions.db import StackStormDBObjectNotFoundError
        from st2common.exceptions.keyvalue import DataStoreKeyNotFoundError
        from st2common.util import crypto, isotime, secrets
        from st2common.util import jinja as jinja_utils
        from st2common.util.api import get_full_public_api_url
        from st2common.util.misc import strip_shell_chars
        from st2common.util.shell import quote_unix, run_command
        from st2reactor.sensor.base import PollingSensor

        key = crypto.AESKey.generate()
        schema = {"user": {"type": "string"}, "password": {"type": "string", "secret": True}}
        exit_code, stdout, _ = run_command(["echo", "ran"])
        return {
            "quote_unix": quote_unix("it's here"),
            "isotime": isotime.format(isotime.parse("2024-05-01T10:00:00.500Z"), offset=False),
            "jinja_expression": [jinja_utils.is_jinja_expression("{{ a }}"), jinja_utils.is_jinja_expression("a")],
            "raw_block": jinja_utils.convert_jinja_to_raw_block({"x": ["{{ a }}"]}),
            "masked": secrets.mask_secret_parameters({"user": "u", "password": "p"},
                                                     secrets.get_secret_parameters(schema)),
            "crypto": crypto.symmetric_decrypt(key, crypto.symmetric_encrypt(key, "plain")).decode("utf-8"),
            "logger": logging.getLogger("compat").name,
            "run_command": [exit_code, strip_shell_chars(stdout)],
            "api_url": get_full_public_api_url() == os.environ["ST2_ACTION_API_URL"],
            "pack_base_path_has_manifest": os.path.isfile(
                os.path.join(content_utils.get_pack_base_path("compat_python"), "pack.yaml")),
            "system_packs": SYSTEM_PACK_NAMES,
            "key_not_found_is_db_error": issubclass(DataStoreKeyNotFoundError, StackStormDBObjectNotFoundError),
            "polling_sensor": PollingSensor.__name__,
        }
