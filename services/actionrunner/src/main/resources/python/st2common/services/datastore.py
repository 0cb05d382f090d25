"""Datastore access for actions and sensors through the Reflex (StackStorm-compatible) REST API."""

import json
import os
import urllib.error
import urllib.parse
import urllib.request


class DatastoreService(object):
    """``get_value``/``set_value``/``delete_value``/``list_values`` with StackStorm's semantics.

    ``local=True`` prefixes names with ``<pack>.<class_name>:`` so each action or sensor has its own keys.
    """

    def __init__(self, logger, pack_name, class_name, api_url=None, token=None):
        self._logger = logger
        self._pack = pack_name
        self._class = class_name
        self._api = (api_url or os.environ.get("ST2_API_URL") or "http://127.0.0.1:9101").rstrip("/")
        if not self._api.endswith("/v1"):
            self._api += "/api/v1" if not self._api.endswith("/api") else "/v1"
        self._token = token or os.environ.get("ST2_AUTH_TOKEN") or os.environ.get("ST2_ACTION_AUTH_TOKEN", "")

    def _name(self, name, local):
        return "%s.%s:%s" % (self._pack, self._class, name) if local else name

    def _call(self, method, path, body=None, query=None):
        url = self._api + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-Auth-Token", self._token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def get_value(self, name, local=True, scope="system", decrypt=False):
        query = {"scope": scope}
        if decrypt:
            query["decrypt"] = "true"
        kvp = self._call("GET", "/keys/" + urllib.parse.quote(self._name(name, local), safe=""), query=query)
        return kvp.get("value") if kvp else None

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        body = {"name": self._name(name, local), "value": value, "scope": scope}
        if ttl:
            body["ttl"] = ttl
        if encrypt:
            body["secret"] = True
        self._call("PUT", "/keys/" + urllib.parse.quote(body["name"], safe=""), body=body)
        return True

    def delete_value(self, name, local=True, scope="system"):
        try:
            self._call("DELETE", "/keys/" + urllib.parse.quote(self._name(name, local), safe=""), query={"scope": scope})
        except urllib.error.HTTPError:
            return False
        return True

    def list_values(self, local=True, prefix=None, limit=None, offset=0, decrypt=False, scope="system"):
        query = {"scope": scope, "offset": offset}
        full_prefix = self._name(prefix or "", local) if local else prefix
        if full_prefix:
            query["prefix"] = full_prefix
        if limit:
            query["limit"] = limit
        if decrypt:
            query["decrypt"] = "true"
        return [_KeyValuePair(kv) for kv in (self._call("GET", "/keys", query=query) or [])]

    def get_user_info(self):
        return self._call("GET", "/user") or {}


class _KeyValuePair(object):
    def __init__(self, data):
        self.__dict__.update(data)

    def __repr__(self):
        return "<KeyValuePair name=%s>" % getattr(self, "name", "?")
