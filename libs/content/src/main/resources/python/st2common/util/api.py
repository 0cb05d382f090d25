"""The API's URLs as an action or sensor sees them."""

from st2common.services.datastore import api_url_from_env

__all__ = ["get_base_public_api_url", "get_full_public_api_url"]

DEFAULT_API_VERSION = "v1"


def get_base_public_api_url():
    """The API's public URL without the version (``ST2_ACTION_API_URL`` / ``ST2_API_URL`` less ``/v1``)."""
    url = api_url_from_env()
    return url[: -len("/v1")]


def get_full_public_api_url(api_version=DEFAULT_API_VERSION):
    return "%s/%s" % (get_base_public_api_url(), api_version)
