"""The variables a python action or sensor finds the API and its token in."""

from st2common import __version__

VERSION_STRING = "StackStorm v%s" % (__version__,)
API_URL_ENV_VARIABLE_NAME = "ST2_API_URL"
AUTH_TOKEN_ENV_VARIABLE_NAME = "ST2_AUTH_TOKEN"
