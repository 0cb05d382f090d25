"""ISO 8601 text for datetimes, as StackStorm writes timestamps."""

import datetime
import re

from st2common.util import date as date_utils

__all__ = ["format", "validate", "parse"]

ISO8601_FORMAT = "%Y-%m-%dT%H:%M:%S"
ISO8601_FORMAT_MICROSECOND = "%Y-%m-%dT%H:%M:%S.%f"
ISO8601_UTC_REGEX = r"^\d{4}\-\d{2}\-\d{2}(\s|T)\d{2}:\d{2}:\d{2}(\.\d{3,6})?(Z|\+00|\+0000|\+00:00)$"


def format(dt, usec=True, offset=True):
    """``dt`` (a datetime, ISO text or epoch seconds) as ISO 8601: ``2024-05-01T10:00:00.000000+00:00``,
    or with ``Z`` when ``offset`` is false."""
    if isinstance(dt, str):
        dt = parse(dt)
    elif isinstance(dt, int):
        dt = datetime.datetime.fromtimestamp(dt, datetime.timezone.utc)
    text = dt.strftime(ISO8601_FORMAT_MICROSECOND if usec else ISO8601_FORMAT)
    if offset:
        zone = dt.strftime("%z")
        return text + ((zone[:3] + ":" + zone[3:]) if zone else "+00:00")
    name = dt.tzinfo.tzname(dt) if dt.tzinfo else "UTC"
    return text + ("Z" if name in ("UTC", "UTC+00:00") else name)


def validate(value, raise_exception=True):
    """Whether ``value`` is a datetime or UTC ISO 8601 text."""
    if isinstance(value, datetime.datetime) or (isinstance(value, str) and re.match(ISO8601_UTC_REGEX, value)):
        return True
    if raise_exception:
        raise ValueError("Datetime value does not match expected format.")
    return False


def parse(value, preserve_original_tz=False, validate_value=True):
    """UTC ISO 8601 text as an aware datetime (any ISO 8601 text when ``validate_value`` is false)."""
    if validate_value:
        validate(value, raise_exception=True)
    if isinstance(value, datetime.datetime):
        return value if preserve_original_tz else date_utils.convert_to_utc(value)
    return date_utils.parse(value=value, preserve_original_tz=preserve_original_tz)
