"""Source columns to schema values: the field map and the column-wise conversion of features.

The field map is ``{schema field: source field}``: guessed from the source's field names
(:func:`core.field_mapping.guess_field_map`: Chinese and English names, abbreviations, units, a file
written from a store, shapefile names cut at 10 characters), then completed or corrected by the
user's ``FIELD_MAP`` — an entry overrides the guess, ``null`` or ``""`` drops a guessed field and a
value beginning with ``=`` is a constant for every row (``{"usage": "=雨水"}``).

Values are converted a column at a time (:class:`ColumnConverter`): the common cases — text, numbers
already of the field's type — in a tight loop, everything else through
:func:`core.field_mapping.normalise_value` once per distinct value. Text holding U+FFFD (bytes that
did not decode in the file's encoding) is flagged so the row is rejected, not written garbled.
"""
from __future__ import annotations

import json
from typing import Optional

from ..core import schema as S
from ..core.field_mapping import KEY_AND_DERIVED, guess_field_map, norm_name, normalise_value
from ..i18n import tr
from .importer import ImportSourceError

CONSTANT = "="
#: Geometry columns of a table (CSV): ``FIELD_MAP`` keys naming them instead of a schema field.
GEOMETRY_KEYS = ("x", "y", "wkt")


def parse_field_map(value, label: str = "") -> dict:
    """``FIELD_MAP`` as a dict: a dict, JSON text or empty; ImportSourceError when it is neither."""
    if value is None or value == "" or value == {}:
        return {}
    if isinstance(value, dict):
        return dict(value)
    try:
        out = json.loads(str(value))
    except ValueError as e:
        raise ImportSourceError(tr("{file}: FIELD_MAP is not valid JSON ({error}); write it as "
                                   "{{\"diameter_mm\": \"管径\", \"usage\": \"=雨水\"}}").format(file=label, error=e)) from None
    if not isinstance(out, dict):
        raise ImportSourceError(tr("{file}: FIELD_MAP must be a JSON object {{schema field: source field}}").format(
            file=label))
    return out


def resolve_field_map(kind: str, source_fields: list, given: Optional[dict] = None,
                      truncated_at: Optional[int] = None, label: str = "", code_optional: bool = True) -> tuple:
    """(field map, source fields not imported). The guess completed by ``given``; ImportSourceError
    for an unknown schema or source field, or a required schema field left without a source."""
    t = S.table(kind)
    given = {k: v for k, v in (given or {}).items() if k not in GEOMETRY_KEYS}
    out = guess_field_map(kind, source_fields, schema_names=True, truncated_at=truncated_at)
    exact = {s: s for s in source_fields}
    loose: dict = {}
    for s in source_fields:
        loose.setdefault(norm_name(s), s)
    explicit_sources = set()
    for field, src in given.items():
        if field not in t.field_names:
            raise ImportSourceError(tr("{file}: FIELD_MAP: {field} is not a field of {table} ({fields})").format(
                file=label, field=field, table=kind, fields=", ".join(t.field_names)))
        if src is None or (isinstance(src, str) and not src.strip()):
            out.pop(field, None)
            continue
        if not isinstance(src, str):
            raise ImportSourceError(tr("{file}: FIELD_MAP: the source of {field} must be a field name or "
                                       "=constant, not {value!r}").format(file=label, field=field, value=src))
        if src.startswith(CONSTANT):
            out[field] = src
            continue
        name = exact.get(src) or loose.get(norm_name(src))
        if name is None:
            raise ImportSourceError(tr("{file}: FIELD_MAP: {source} (for {field}) is not a field of the file "
                                       "({fields})").format(file=label, source=src, field=field,
                                                            fields=", ".join(source_fields) or "-"))
        out[field] = name
        explicit_sources.add(name)
    # a guessed mapping whose source the user gave to another field gives way
    for field in [f for f, s in out.items() if s in explicit_sources and f not in given]:
        del out[field]
    missing = [f.name for f in t.fields if f.required and f.name not in out and f.name != "uid"
               and not (code_optional and f.name == "code")]
    if missing:
        raise ImportSourceError(tr("{file}: no field of the file gives {fields} (required for {table}): map one "
                                   "in FIELD_MAP, or give a constant such as {{\"{first}\": \"=…\"}}; the file has "
                                   "{sources}").format(file=label, fields=", ".join(missing), table=kind,
                                                       first=missing[0], sources=", ".join(source_fields) or "-"))
    used = {s for s in out.values() if not s.startswith(CONSTANT)}
    return dict(sorted(out.items(), key=lambda kv: t.field_names.index(kv[0]))), \
        [s for s in source_fields if s not in used]


class ColumnConverter:
    """Converts a batch's source columns into schema values for ``kind`` through ``field_map``.

    A column is a Python list or a numpy (masked) array as GDAL's Arrow stream gives it: numbers of
    the field's type pass through numpy, text is decoded once per value (once per distinct value for
    value lists and numbers written as text), everything else goes through ``normalise_value``.
    """

    def __init__(self, kind: str, field_map: dict):
        self.kind = kind
        self.table = S.table(kind)
        self.field_map = field_map
        self.constants = {f: normalise_value(kind, f, src[len(CONSTANT):]) for f, src in field_map.items()
                          if src.startswith(CONSTANT)}
        self.caches: dict = {f: {} for f in field_map}

    def sources(self) -> list:
        """The source fields to read."""
        return sorted({s for s in self.field_map.values() if not s.startswith(CONSTANT)})

    def convert(self, columns: dict, n: int) -> tuple:
        """({schema field: list of n values}, {row index: (field, text)} of undecodable text)."""
        out, bad = {}, {}
        for field, src in self.field_map.items():
            if field in self.constants:
                out[field] = [self.constants[field]] * n
                continue
            col = columns[src]
            f = self.table.field(field)
            out[field] = self._array(f, col, bad) if hasattr(col, "dtype") else self._column(f, col, bad)
        return out, bad

    def _array(self, f: S.Field, a, bad: dict) -> list:
        import numpy as np

        mask = np.ma.getmaskarray(a) if np.ma.isMaskedArray(a) else None
        data = a.data if mask is not None else a
        kind = data.dtype.kind
        nulls = mask is not None and bool(mask.any())
        out = None
        if kind in "iuf" and f.values is None and f.type == "real":
            out = data.astype(float).tolist()
        elif kind in "iu" and f.values is None and f.type == "integer" and f.name != "built_year":
            out = data.tolist()
        elif kind == "f" and f.values is None and f.type == "integer" and f.name != "built_year":
            whole = np.isfinite(data) & (data == np.floor(data)) & (np.abs(data) < 2 ** 53)
            if mask is not None:
                whole |= mask
            if whole.all():
                out = np.where(np.isfinite(data), data, 0).astype(np.int64).tolist()
        elif kind == "S":
            raw = data.tolist()
            try:
                texts = [b.decode("utf-8") for b in raw]
            except UnicodeDecodeError:
                texts = [b.decode("utf-8", "replace") for b in raw]
                for i, t in enumerate(texts):
                    if "\ufffd" in t and not (mask is not None and mask[i]):
                        bad.setdefault(i, (f.name, t))
            if f.type == "text" and f.values is None:
                out = [t.strip() or None for t in texts]
            else:
                values, inverse = np.unique(data, return_inverse=True)
                cache = self.caches[f.name]
                mapped = []
                for v in values.tolist():
                    t = v.decode("utf-8", "replace")
                    key = (str, t)
                    if key not in cache:
                        cache[key] = normalise_value(self.kind, f.name, t)
                    mapped.append(cache[key])
                out = np.array(mapped + [None], dtype=object)[:-1][inverse].tolist()
        if out is None:
            return self._column(f, [None if nulls and mask[i] else v for i, v in enumerate(data.tolist())], bad)
        if nulls:
            for i in np.flatnonzero(mask).tolist():
                out[i] = None
        return out

    def _column(self, f: S.Field, values: list, bad: dict) -> list:
        cache = self.caches[f.name]
        kind, name = self.kind, f.name
        out = []
        append = out.append
        fast_text = f.type == "text" and f.values is None
        fast_real = f.type == "real"
        fast_int = f.type == "integer" and name != "built_year"
        for i, v in enumerate(values):
            if v is None:
                append(None)
                continue
            tv = type(v)
            if tv is str:
                if "\ufffd" in v:
                    bad.setdefault(i, (name, v))
                if fast_text:
                    v = v.strip()
                    append(v or None)
                    continue
            elif fast_real and (tv is float or tv is int):
                append(float(v))
                continue
            elif fast_int and tv is int:
                append(v)
                continue
            key = (tv, v)
            try:
                append(cache[key])
            except KeyError:
                r = cache[key] = normalise_value(kind, name, v)
                append(r)
            except TypeError:  # unhashable (lists)
                append(normalise_value(kind, name, v))
        return out


def derived_fields_in(field_map: dict) -> list:
    """Keys and derived fields the map fills (``grade``, ``next_due`` … from a file written from a store)."""
    return [f for f in field_map if f in KEY_AND_DERIVED and f != "uid"]
