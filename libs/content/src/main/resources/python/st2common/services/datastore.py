"""Datastore access for actions and sensors through the Reflex (StackStorm-compatible) REST API.

``get_value``/``set_value``/``delete_value``/``list_values`` behave as StackStorm's: ``local=True`` (the
default) names a key ``<pack>.<ClassName>:<name>`` so that each action or sensor class has its own keys;
only the ``system`` scope is accepted; values are stored as text (``set_value`` takes ``str(value)``);
``get_value`` answers ``None`` for a missing key (and logs, then answers ``None``, on any other failure);
``delete_value`` answers ``False`` when the API refused. Actions call the API with the execution's token
(``ST2_ACTION_AUTH_TOKEN``), sensors with their container's (``ST2_AUTH_TOKEN``).
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request

from st2common.constants.keyvalue import DATASTORE_KEY_SEPARATOR, SYSTEM_SCOPE

__all__ = ["BaseDatastoreService", "ActionDatastoreService", "SensorDatastoreService", "DatastoreService",
           "KeyValuePair", "api_url_from_env"]

# StackStorm's default api.max_page_size: list_values without a limit asks for this many keys.
DEFAULT_LIST_LIMIT = 100


def api_url_from_env():
    """The API's versioned base URL (``.../v1``) from ``ST2_ACTION_API_URL`` or ``ST2_API_URL``."""
    url = (os.environ.get("ST2_ACTION_API_URL") or os.environ.get("ST2_API_URL") or "http://127.0.0.1:9101")
    url = url.rstrip("/")
    if url.endswith("/v1"):
        return url
    return url + ("/v1" if url.endswith("/api") else "/api/v1")


class KeyValuePair(object):
    """One datastore item as the API returned it (``name``, ``value``, ``scope``, ``secret``, ...)."""

    def __init__(self, data=None, **kwargs):
        self.__dict__.update(data or {})
        self.__dict__.update(kwargs)

    def serialize(self):
        return dict((k, v) for k, v in self.__dict__.items() if not k.startswith("_"))

    to_dict = serialize

    def __eq__(self, other):
        return isinstance(other, KeyValuePair) and self.serialize() == other.serialize()

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (getattr(self, "name", None), getattr(self, "value", None))


class BaseDatastoreService(object):
    DATASTORE_NAME_SEPARATOR = DATASTORE_KEY_SEPARATOR

    def __init__(self, logger, pack_name, class_name):
        self._logger = logger
        self._pack_name = pack_name
        self._class_name = class_name
        self._client = None

    # StackStorm's services return an st2client ``Client`` here; Reflex's own helpers do not need it.
    def get_api_client(self):
        """An ``st2client.client.Client`` with this service's token, when st2client is installed."""
        if self._client is None:
            try:
                from st2client.client import Client
            except ImportError:
                raise ImportError("get_api_client() needs the st2client package in the pack's virtualenv; "
                                  "the datastore methods of this service work without it")
            self._client = Client(api_url=self._api_url(), token=self._token())
        return self._client

    def get_user_info(self):
        """The API's ``GET /user``: the user this service's token belongs to."""
        self._logger.debug("Retrieving user information")
        return self._call("GET", "/user") or {}

    def list_values(self, local=True, prefix=None, limit=None, offset=0, decrypt=False, scope=SYSTEM_SCOPE):
        """Every item whose name starts with the prefix (the local prefix, plus ``prefix`` when given)."""
        self._logger.debug("Retrieving all the values from the datastore")
        query = {"limit": limit or DEFAULT_LIST_LIMIT, "offset": offset or 0, "scope": scope}
        key_prefix = self._get_full_key_prefix(local=local, prefix=prefix)
        if key_prefix:
            query["prefix"] = key_prefix
        if decrypt:
            query["decrypt"] = "true"
        return [KeyValuePair(kv) for kv in (self._call("GET", "/keys", query=query) or [])]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        self._check_scope(scope)
        name = self._get_full_key_name(name=name, local=local)
        self._logger.debug("Retrieving value from the datastore (name=%s)", name)
        try:
            kvp = self._call("GET", self._key_path(name), query={"decrypt": str(bool(decrypt)).lower(),
                                                                  "scope": scope}, missing_ok=True)
        except Exception as e:
            self._logger.exception("Exception retrieving value from datastore (name=%s): %s", name, e)
            return None
        return kvp.get("value") if kvp else None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        self._check_scope(scope)
        name = self._get_full_key_name(name=name, local=local)
        self._logger.debug("Setting value in the datastore (name=%s)", name)
        body = {"name": name, "value": str(value), "scope": scope}
        if encrypt:
            body["secret"] = True
        if ttl:
            body["ttl"] = ttl
        self._call("PUT", self._key_path(name), body=body)
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        self._check_scope(scope)
        name = self._get_full_key_name(name=name, local=local)
        self._logger.debug("Deleting value from the datastore (name=%s)", name)
        try:
            self._call("DELETE", self._key_path(name), query={"scope": scope}, missing_ok=True)
        except Exception as e:
            self._logger.exception("Exception deleting value from datastore (name=%s): %s", name, e)
            return False
        return True

    def _api_url(self):
        return api_url_from_env()

    def _token(self):
        raise NotImplementedError()

    @staticmethod
    def _check_scope(scope):
        if scope != SYSTEM_SCOPE:
            raise ValueError("Scope %s is unsupported." % scope)

    @staticmethod
    def _key_path(name):
        return "/keys/" + urllib.parse.quote(name, safe="")

    def _get_full_key_name(self, name, local):
        return self._get_key_name_with_prefix(name) if local else name

    def _get_full_key_prefix(self, local, prefix=None):
        if local:
            return self._get_local_key_name_prefix() + (prefix or "")
        return prefix

    def _get_local_key_name_prefix(self):
        return self._get_datastore_key_prefix() + self.DATASTORE_NAME_SEPARATOR

    def _get_key_name_with_prefix(self, name):
        return self._get_local_key_name_prefix() + name

    def _get_datastore_key_prefix(self):
        return "%s.%s" % (self._pack_name, self._class_name)

    def _call(self, method, path, body=None, query=None, missing_ok=False):
        """One API call; the decoded JSON answer, ``None`` for a 404 when ``missing_ok``.

        Raises ``urllib.error.HTTPError`` for any other error status, its message holding the API's
        ``faultstring``.
        """
        url = self._api_url() + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-Auth-Token", self._token() or "")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text.strip() else None
        except urllib.error.HTTPError as e:
            if e.code == 404 and missing_ok:
                return None
            raise _with_fault(e)


def _with_fault(error):
    try:
        fault = json.loads(error.read().decode("utf-8")).get("faultstring")
    except Exception:
        fault = None
    if fault:
        error.msg = "%s\nMESSAGE: %s" % (error.msg, fault)
    return error


class ActionDatastoreService(BaseDatastoreService):
    """The datastore as an action reaches it: with the execution's temporary token."""

    def __init__(self, logger, pack_name, class_name, auth_token=None):
        super(ActionDatastoreService, self).__init__(logger=logger, pack_name=pack_name, class_name=class_name)
        self._auth_token = auth_token

    def _token(self):
        return self._auth_token or os.environ.get("ST2_ACTION_AUTH_TOKEN") or os.environ.get("ST2_AUTH_TOKEN")


class SensorDatastoreService(BaseDatastoreService):
    """The datastore as a sensor reaches it: with the token Reflex's sensor container gave the process
    (``ST2_AUTH_TOKEN``, renewed by the container while it runs). ``api_username`` is accepted for
    StackStorm's signature; the token's user is the container's."""

    def __init__(self, logger, pack_name, class_name, api_username=None):
        super(SensorDatastoreService, self).__init__(logger=logger, pack_name=pack_name, class_name=class_name)
        self._api_username = api_username

    def _token(self):
        return os.environ.get("ST2_AUTH_TOKEN") or os.environ.get("ST2_ACTION_AUTH_TOKEN")


class DatastoreService(SensorDatastoreService):
    """The name StackStorm's older releases gave the datastore service (same signature as the sensors')."""
