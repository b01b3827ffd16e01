"""Row validation against the schema: one clear error naming the row and the field."""
from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import re
import uuid as _uuid
from typing import Any

from .schema import QT_TRANSLATE_NOOP, VALUE_LISTS, Field, Table

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class P(str):
    """A problem text that remembers its untranslated template and arguments.

    It reads as the English text everywhere (logs, tests, ``str(error)``); a user interface shows
    ``translate("validation", p.template).format(**p.args)`` instead — translate first, format after
    (:func:`safe_municipal.i18n.problem_text`). Templates are marked with ``QT_TRANSLATE_NOOP`` so the
    catalogue holds them.
    """

    template: str
    args: dict

    def __new__(cls, template: str, **args):
        obj = super().__new__(cls, template.format(**args))
        obj.template, obj.args = template, args
        return obj


class ValidationError(ValueError):
    """A row that may not be written. ``table``, ``row`` (0-based index or uid) and ``field`` say where."""

    def __init__(self, table: str, row: Any, field: str, problem: str):
        self.table, self.row, self.field, self.problem = table, row, field, problem
        super().__init__(f"{table} row {row}: field '{field}' {problem}")


@functools.cache
def _allowed(list_name: str) -> tuple:
    return tuple(c.value for c in VALUE_LISTS[list_name])


@functools.cache
def _names(table: Table) -> frozenset:
    return frozenset(table.field_names)


def format_datetime(v: _dt.datetime) -> str:
    """GeoPackage's date-time form, in UTC: ``YYYY-MM-DDTHH:MM:SS.sssZ`` (a naive value is taken as UTC)."""
    if v.tzinfo is not None:
        v = v.astimezone(_dt.timezone.utc)
    return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"


def _check_value(f: Field, v: Any) -> Any:
    """Return the normalised value or raise ValueError with the problem (without location)."""
    t = f.type
    if t in ("uuid",):
        if not isinstance(v, str):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a UUID string, got {kind}"), kind=type(v).__name__))
        try:
            return str(_uuid.UUID(v))
        except ValueError:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is not a valid UUID: {value}"), value=repr(v))) from None
    if t == "text":
        if not isinstance(v, str):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be text, got {kind}"), kind=type(v).__name__))
        if f.max_length is not None and len(v) > f.max_length:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is longer than {n} characters"), n=f.max_length))
        if "\x00" in v:  # PostgreSQL cannot store it, so no store takes it
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "contains a NUL character")))
    elif t == "integer":
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            else:
                raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a whole number, got {value}"), value=repr(v)))
    elif t == "real":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a number, got {value}"), value=repr(v)))
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a finite number, got {value}"), value=repr(v)))
    elif t == "boolean":
        if v in (0, 1) and not isinstance(v, float):
            v = bool(v)
        if not isinstance(v, bool):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be true or false, got {value}"), value=repr(v)))
    elif t == "date":
        if isinstance(v, _dt.datetime):
            v = v.date()
        if isinstance(v, _dt.date):
            v = v.isoformat()
        if not isinstance(v, str) or not _DATE.match(v):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a date YYYY-MM-DD, got {value}"), value=repr(v)))
        try:
            _dt.date.fromisoformat(v)
        except ValueError:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is not a real date: {value}"), value=repr(v))) from None
    elif t == "datetime":
        if isinstance(v, str):
            try:
                v = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is not a valid date-time: {value}"), value=repr(v))) from None
        if not isinstance(v, _dt.datetime):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be a date-time, got {value}"), value=repr(v)))
        v = format_datetime(v)
    elif t == "json":
        if not isinstance(v, str):
            v = json.dumps(v, ensure_ascii=False, sort_keys=True)
        else:
            try:
                json.loads(v)
            except ValueError:
                raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is not valid JSON"))) from None
        if "\\u0000" in v or "\x00" in v:  # jsonb refuses it
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "contains a NUL character")))
    elif t == "blob":
        if not isinstance(v, (bytes, bytearray, memoryview)):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "must be binary content")))
        v = bytes(v)
    if f.values is not None:
        allowed = _allowed(f.values)
        if v not in allowed:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "has {value}, which is not one of {allowed}"), value=repr(v), allowed=', '.join(allowed)))
    if f.min is not None and isinstance(v, (int, float)) and v < f.min:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}, below the minimum {min}"), value=v, min=f"{f.min:g}"))
    if f.max is not None and isinstance(v, (int, float)) and v > f.max:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "is {value}, above the maximum {max}"), value=v, max=f"{f.max:g}"))
    return v


def validate_row(table: Table, row: dict, where: Any) -> dict:
    """Return a normalised copy of ``row`` or raise :class:`ValidationError`.

    Unknown keys are refused (a typo must not silently drop data); ``geom`` is
    allowed on spatial tables and checked by the store.
    """
    names = _names(table)
    for key in row:
        if key not in names and not (key == "geom" and table.is_spatial):
            raise ValidationError(table.name, where, key, P(QT_TRANSLATE_NOOP("validation", "is not a field of this table")))
    out = {}
    for f in table.fields:
        v = row.get(f.name)
        if v is None or (isinstance(v, str) and v == "" and f.type != "text"):
            if f.required:
                raise ValidationError(table.name, where, f.name, P(QT_TRANSLATE_NOOP("validation", "is required")))
            out[f.name] = None
            continue
        try:
            out[f.name] = _check_value(f, v)
        except ValueError as e:
            raise ValidationError(table.name, where, f.name, e.args[0]) from None
        if f.required and out[f.name] == "":
            raise ValidationError(table.name, where, f.name, P(QT_TRANSLATE_NOOP("validation", "is required")))
    if table.is_spatial:
        out["geom"] = row.get("geom")
    return out
