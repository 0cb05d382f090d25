"""Time-zone aware datetimes in UTC."""

import datetime
import re

__all__ = ["get_datetime_utc_now", "append_milliseconds_to_time", "add_utc_tz", "convert_to_utc", "parse"]

UTC = datetime.timezone.utc


def get_datetime_utc_now():
    """Now, in UTC, with its time zone."""
    return datetime.datetime.now(UTC)


def append_milliseconds_to_time(date, millis):
    return convert_to_utc(date + datetime.timedelta(milliseconds=millis))


def add_utc_tz(dt):
    """``dt`` marked as UTC; a datetime already in another zone is refused."""
    if dt.tzinfo and dt.tzinfo.utcoffset(dt) != datetime.timedelta(0):
        raise ValueError("datetime already contains a non UTC timezone")
    return dt.replace(tzinfo=UTC)


def convert_to_utc(dt):
    """``dt`` in UTC; a naive datetime is taken to be UTC already."""
    if not dt.tzinfo:
        return add_utc_tz(dt)
    return dt.astimezone(UTC)


_ISO = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?"
                  r"\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?\s*$")


def parse(value, preserve_original_tz=False):
    """An ISO 8601 date (``2024-05-01T10:00:00.123456+02:00``, ``2024-05-01 10:00:00Z``, ``20240501``) as
    an aware datetime, in UTC unless ``preserve_original_tz``. A value without a zone is taken as UTC."""
    m = _ISO.match(str(value))
    if not m:
        raise ValueError("Unknown string format: %s" % (value,))
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = UTC
    if zone and zone not in ("Z", "z", "UTC"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        tz = datetime.timezone(sign * offset)
    dt = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                           micro, tzinfo=tz)
    return dt if preserve_original_tz else convert_to_utc(dt)
