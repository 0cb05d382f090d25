"""Jinja helpers: StackStorm's environment (sandboxed, with its filters) and template detection.

Rendering needs the ``jinja2`` package in the pack's virtualenv (StackStorm ships it in its own); the
detection helpers are plain Python. The filters are Reflex's own implementations of StackStorm's.
"""

import datetime
import json
import os
import re

__all__ = ["get_filters", "get_jinja_environment", "render_values", "is_jinja_expression",
           "convert_jinja_to_raw_block"]

JINJA_EXPRESSIONS_START_MARKERS = ["{{", "{%"]
JINJA_REGEX = "({{(.*)}})"
JINJA_REGEX_PTRN = re.compile(JINJA_REGEX)
JINJA_BLOCK_REGEX = "({%(.*)%})"
JINJA_BLOCK_REGEX_PTRN = re.compile(JINJA_BLOCK_REGEX)


def _to_json_string(value, indent=None, sort_keys=False, separators=(",", ": ")):
    return json.dumps(value, indent=indent, sort_keys=sort_keys, separators=separators, default=str)


def _from_json_string(value):
    return json.loads(value)


def _json_escape(value):
    return json.dumps(value)[1:-1]


def _use_none(value):
    return "%*****__%NONE%__*****%" if value is None else value


def _regex_match(value, pattern, ignorecase=False):
    return re.match(pattern, value, re.IGNORECASE if ignorecase else 0) is not None


def _regex_search(value, pattern, ignorecase=False):
    return re.search(pattern, value, re.IGNORECASE if ignorecase else 0) is not None


def _regex_replace(value, pattern, replacement, ignorecase=False):
    return re.compile(pattern, re.IGNORECASE if ignorecase else 0).sub(replacement, value)


def _regex_substring(value, pattern, result_index=0, ignorecase=False):
    return re.findall(pattern, value, re.IGNORECASE if ignorecase else 0)[result_index]


def _to_human_time_from_seconds(seconds):
    """StackStorm's fuzzy duration: ``3h25m45s``, ``1h0m0s``, ``1d2h3m4s``. Units from the first non-zero one
    down are all written; days are counted within a month of the calendar, as StackStorm counts them."""
    if seconds is None:
        return None
    if seconds == 0:
        return "0s"
    if seconds < 1:
        return "%s\u03bcs" % seconds
    moment = datetime.datetime(1, 1, 1) + datetime.timedelta(seconds=int(round(seconds)))
    parts = [moment.year - 1, moment.day - 1, moment.hour, moment.minute, moment.second]
    units = ["y", "d", "h", "m", "s"]
    first = next((i for i, part in enumerate(parts) if part), None)
    if first is None:
        return "0s"
    return "".join("%s%s" % (part, unit) for part, unit in zip(parts[first:], units[first:]))


def _version(text):
    core = str(text).split("+", 1)[0]
    main, _, pre = core.partition("-")
    numbers = [int(n) for n in main.split(".")]
    if len(numbers) != 3:
        raise ValueError("%s is not valid SemVer string" % (text,))
    return numbers, pre


def _version_compare(value, other):
    (a, pre_a), (b, pre_b) = _version(value), _version(other)
    if a != b:
        return (a > b) - (a < b)
    if pre_a == pre_b:
        return 0
    if not pre_a or not pre_b:
        return 1 if not pre_a else -1
    return (pre_a > pre_b) - (pre_a < pre_b)


def _version_match(value, pattern):
    for op in (">=", "<=", "==", "!=", ">", "<"):
        if pattern.startswith(op):
            c = _version_compare(value, pattern[len(op):])
            return {">=": c >= 0, "<=": c <= 0, "==": c == 0, "!=": c != 0, ">": c > 0, "<": c < 0}[op]
    return _version_compare(value, pattern) == 0


def _bump(value, index):
    numbers, _ = _version(value)
    numbers[index] += 1
    for i in range(index + 1, 3):
        numbers[i] = 0
    return ".".join(str(n) for n in numbers)


def get_filters():
    """StackStorm's custom filters (``decrypt_kv`` is the API's business under Reflex and is left out)."""
    filters = {
        "from_json_string": _from_json_string,
        "json_escape": _json_escape,
        "to_complex": json.dumps,
        "to_json_string": _to_json_string,
        "regex_match": _regex_match,
        "regex_replace": _regex_replace,
        "regex_search": _regex_search,
        "regex_substring": _regex_substring,
        "to_human_time_from_seconds": _to_human_time_from_seconds,
        "version_compare": _version_compare,
        "version_more_than": lambda v, o: _version_compare(v, o) == 1,
        "version_less_than": lambda v, o: _version_compare(v, o) == -1,
        "version_equal": lambda v, o: _version_compare(v, o) == 0,
        "version_match": _version_match,
        "version_bump_major": lambda v: _bump(v, 0),
        "version_bump_minor": lambda v: _bump(v, 1),
        "version_bump_patch": lambda v: _bump(v, 2),
        "version_strip_patch": lambda v: "%d.%d" % tuple(_version(v)[0][:2]),
        "use_none": _use_none,
        "basename": os.path.basename,
        "dirname": os.path.dirname,
    }
    try:
        import yaml

        filters["from_yaml_string"] = yaml.safe_load
        filters["to_yaml_string"] = lambda v, indent=None, sort_keys=False: yaml.safe_dump(
            v, indent=indent, allow_unicode=True, default_flow_style=False, sort_keys=sort_keys)
    except ImportError:
        pass
    return filters


def get_jinja_environment(allow_undefined=False, trim_blocks=True, lstrip_blocks=True):
    """A sandboxed ``jinja2`` environment with StackStorm's filters; undefined names are errors unless
    ``allow_undefined``. Raises ``ImportError`` when jinja2 is not installed."""
    try:
        import jinja2
        import jinja2.sandbox
    except ImportError:
        raise ImportError("st2common.util.jinja.get_jinja_environment needs the jinja2 package "
                          "(add it to the pack's requirements.txt)")
    env = jinja2.sandbox.SandboxedEnvironment(
        undefined=jinja2.Undefined if allow_undefined else jinja2.StrictUndefined,
        trim_blocks=trim_blocks, lstrip_blocks=lstrip_blocks)
    env.filters.update(get_filters())
    env.tests["in"] = lambda item, collection: item in collection
    return env


def render_values(mapping=None, context=None, allow_undefined=False):
    """Each value of ``mapping`` rendered with ``context`` (dicts and lists through their JSON text); a
    value that renders to itself is kept as it was."""
    if not context or not mapping:
        return mapping
    env = get_jinja_environment(allow_undefined=allow_undefined)
    scope = dict(context)
    scope["__context"] = context
    rendered = {}
    for key, value in mapping.items():
        structured = isinstance(value, (dict, list))
        text = json.dumps(value) if structured else (value if isinstance(value, str) else str(value))
        try:
            out = env.from_string(text).render(scope)
        except Exception as e:
            e.key, e.value = key, text
            raise
        if out == text:
            rendered[key] = value
        else:
            rendered[key] = json.loads(out) if structured else out
    return rendered


def is_jinja_expression(value):
    """Whether ``value`` is text holding ``{{`` or ``{%``."""
    if not value or not isinstance(value, str):
        return False
    return any(marker in value for marker in JINJA_EXPRESSIONS_START_MARKERS)


def convert_jinja_to_raw_block(value):
    """``value`` with every text holding an expression or block wrapped in ``{% raw %}``, recursively."""
    if isinstance(value, dict):
        return dict((k, convert_jinja_to_raw_block(v)) for k, v in value.items())
    if isinstance(value, list):
        return [convert_jinja_to_raw_block(v) for v in value]
    if isinstance(value, str) and (JINJA_REGEX_PTRN.findall(value) or JINJA_BLOCK_REGEX_PTRN.findall(value)):
        return "{% raw %}" + value + "{% endraw %}"
    return value
