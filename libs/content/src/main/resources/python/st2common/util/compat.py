"""Text conversions (kept from StackStorm's Python 2 days)."""

__all__ = ["to_unicode", "to_ascii"]


def to_unicode(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if not isinstance(value, str):
        raise ValueError('Value "%s" must be a string.' % (value,))
    return value


def to_ascii(value):
    return to_unicode(value).encode("ascii", "ignore").decode("ascii")
