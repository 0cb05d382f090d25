"""Small text and dict helpers."""

import collections.abc
import os

__all__ = ["prefix_dict_keys", "compare_path_file_name", "sanitize_output", "strip_shell_chars",
           "rstrip_last_char", "deep_update", "get_normalized_file_path", "lowercase_value"]


def prefix_dict_keys(dictionary, prefix="_"):
    return dict((prefix + key, value) for key, value in dictionary.items())


def compare_path_file_name(file_path_a, file_path_b):
    return (os.path.basename(file_path_a) > os.path.basename(file_path_b)) - \
        (os.path.basename(file_path_a) < os.path.basename(file_path_b))


def sanitize_output(input_str, uses_pty=False):
    """Output without its last line ending (and with ``\\r\\n`` made ``\\n`` when it came from a pty)."""
    output = strip_shell_chars(input_str)
    return output.replace("\r\n", "\n") if uses_pty else output


def strip_shell_chars(input_str):
    """``input_str`` without one trailing ``\\n`` and then one trailing ``\\r``."""
    return rstrip_last_char(rstrip_last_char(input_str, "\n"), "\r")


def rstrip_last_char(input_str, char_to_strip):
    if not input_str:
        return input_str
    return input_str[:-len(char_to_strip)] if char_to_strip and input_str.endswith(char_to_strip) else input_str


def deep_update(d, u):
    """Merges mapping ``u`` into ``d`` recursively; returns ``d``."""
    for key, value in u.items():
        if isinstance(value, collections.abc.Mapping):
            d[key] = deep_update(d.get(key, {}), value)
        else:
            d[key] = value
    return d


def get_normalized_file_path(file_path):
    return os.path.normpath(file_path.replace("\\", "/")) if file_path else file_path


def lowercase_value(value):
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, (list, tuple)):
        return [lowercase_value(v) for v in value]
    if isinstance(value, dict):
        return dict((lowercase_value(k), lowercase_value(v)) for k, v in value.items())
    return value
