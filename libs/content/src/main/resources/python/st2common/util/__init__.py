"""``st2common.util``: the helper functions packs import (shell, date, isotime, jinja, secrets, crypto, ...)."""
