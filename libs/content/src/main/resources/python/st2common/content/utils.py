"""Where pack files are, as the running action or sensor sees them.

Reflex runs each action and sensor from the pack version it was registered with, materialised in a
directory of its own: the running pack is found there; another pack is looked for beside it (found when
running from the packs directory itself, not from a materialised version).
"""

import os

from st2common.constants.pack import MANIFEST_FILE_NAME

__all__ = ["get_packs_base_paths", "get_pack_base_path", "get_pack_directory", "check_pack_directory_exists",
           "get_entry_point_abs_path", "set_current_pack"]

_current = {}


def set_current_pack(pack_name, pack_dir):
    """Called by Reflex's wrappers before the pack's code is loaded."""
    _current["name"] = pack_name
    _current["dir"] = os.path.abspath(pack_dir)


def find_pack_dir(file_path):
    """The nearest directory above ``file_path`` that holds a ``pack.yaml``; the file's directory if none."""
    start = os.path.dirname(os.path.abspath(file_path))
    directory = start
    while True:
        if os.path.isfile(os.path.join(directory, MANIFEST_FILE_NAME)):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return start
        directory = parent


def get_packs_base_paths():
    """The directory holding the running pack."""
    return [os.path.dirname(_current["dir"])] if "dir" in _current else []


def get_pack_base_path(pack_name, include_trailing_slash=False, use_pack_cache=False):
    """The directory of ``pack_name``: the running pack's own, or ``<packs base>/<pack_name>``."""
    if not pack_name:
        return None
    if _current.get("name") == pack_name:
        path = _current["dir"]
    else:
        bases = get_packs_base_paths()
        path = os.path.join(bases[0], pack_name) if bases else None
    if path and include_trailing_slash and not path.endswith(os.sep):
        path += os.sep
    return path


def get_pack_directory(pack_name):
    """The pack's directory when it exists, else None."""
    path = get_pack_base_path(pack_name)
    return path if path and os.path.isdir(path) else None


def check_pack_directory_exists(pack):
    return get_pack_directory(pack) is not None


def get_entry_point_abs_path(pack=None, entry_point=None, use_pack_cache=False):
    """The absolute path of an action's entry point (``actions/<entry_point>`` of the pack)."""
    if not entry_point:
        return None
    if os.path.isabs(entry_point):
        return entry_point
    base = get_pack_base_path(pack)
    return os.path.join(base, "actions", entry_point) if base else None
