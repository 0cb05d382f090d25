"""JSON helpers."""

import datetime
import json
import uuid

__all__ = ["json_encode", "json_decode", "json_loads", "try_loads", "load_file", "get_json_type_for_python_value"]


def default(obj):
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, (datetime.datetime, datetime.date)):
        return obj.isoformat()
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if hasattr(obj, "__json__"):
        return obj.__json__()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, bytes):
        return obj.decode("utf-8")
    raise TypeError("%r is not JSON serializable" % (obj,))


def json_encode(obj, indent=None, sort_keys=False):
    return json.dumps(obj, default=default, indent=indent, sort_keys=sort_keys)


def json_decode(data):
    return json.loads(data)


def load_file(path):
    with open(path, "r") as fp:
        return json.load(fp)


def json_loads(obj, keys=None):
    """``obj`` with the values under ``keys`` (all keys when None) decoded from JSON text where they are."""
    if not obj:
        return obj
    result = dict(obj)
    for key in (keys if keys else list(result.keys())):
        try:
            result[key] = json.loads(result[key])
        except (TypeError, ValueError, KeyError):
            pass
    return result


def try_loads(s):
    """``s`` decoded from JSON, or ``s`` itself when it is not JSON text."""
    try:
        return json.loads(s) if s and isinstance(s, str) else s
    except ValueError:
        return s


def get_json_type_for_python_value(value):
    """The JSON-schema type name of a Python value."""
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number" if isinstance(value, float) else "integer"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    if value is None:
        return "null"
    raise ValueError("Unknown type: %s" % type(value))
