"""The import engine (issue 7): candidate rows in, one transaction out, every rejection named.

Every importer of the plugin — survey files (:mod:`.import_source`), SWMM models, OpenStreetMap,
CCTV reports — turns its source into :class:`Candidate` rows (schema field names, geometry as WKB
already in the store's CRS) and hands them to :func:`write_candidates`, which

1. checks each candidate against the schema (every field, value lists, ranges, types, geometry type,
   codes and uids), with the same rules as :func:`core.validation.validate_row`;
2. finds duplicate codes (and uids) within the batch — every row involved is rejected, naming the
   others — and against the store: ``append`` rejects a code the store has already, ``update`` updates
   the row with that code (and inserts the codes the store does not have);
3. resolves :class:`CodeRef` values (a reference by code to a row of this batch or of the store) to
   uids; a candidate referring to a rejected candidate, or to a code found nowhere, is rejected too;
4. writes every good row in ONE store transaction. ``strict``: any rejection (also one a reader put in
   the report before) and nothing is written. Either way the store never holds half an import.

New rows are inserted through a bulk path (multi-row INSERT, R-tree filled in one pass) and, like the
demo city, are not written to the audit log row by row unless ``audit_inserts``; updates of existing
rows are audited by the store's triggers.

The report (:class:`ImportReport`) lists every rejected row with its reason, the warnings and what was
written; :meth:`ImportReport.write` saves it as CSV (UTF-8 with BOM, opens in Excel) or JSON.
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import math
import os
import re
import struct
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..core import schema as S
from ..core.validation import ValidationError, validate_row
from ..i18n import tr
from .gpkg_format import quote_ident

MODES = ("append", "update")


# --------------------------------------------------------------------------- the interface
@dataclass(frozen=True)
class CodeRef:
    """A reference by code: resolved to the uid of the ``table`` row with this ``code`` (in the batch
    or already in the store)."""
    table: str
    code: str


@dataclass
class Candidate:
    """One row proposed for one table.

    ``row``: schema field -> value; ``geom`` as WKB bytes already in the store's CRS (or None); it may
    carry its own ``uid``; values may be :class:`CodeRef`. ``source_row``: the feature or row number
    (or any id) in the source, for the report. ``envelope``: optional (minx, miny, maxx, maxy) of the
    geometry when the reader knows it already (computed here otherwise).
    """
    table: str
    source_row: Any
    row: dict
    envelope: Optional[tuple] = field(default=None, repr=False, compare=False)


@dataclass
class Rejection:
    source_row: Any
    table: str
    field: str
    reason: str
    value: Any = None


@dataclass
class ImportReport:
    """What an import read, wrote and refused. ``written``: whether the store was changed."""
    source: str = ""
    read: int = 0
    inserted: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    rejected: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    strict: bool = False
    written: bool = False
    mode: str = "append"
    #: How the source was read (set by :func:`layers.import_source.read_source`).
    field_map: dict = field(default_factory=dict)
    encoding: Optional[str] = None
    crs: Optional[str] = None
    layer: Optional[str] = None

    @property
    def inserted_total(self) -> int:
        return sum(self.inserted.values())

    @property
    def updated_total(self) -> int:
        return sum(self.updated.values())

    def rejected_rows(self) -> int:
        """How many source rows were rejected (a row may have several rejections)."""
        return len({(r.table, _key(r.source_row)) for r in self.rejected})

    def summary(self) -> str:
        parts = [tr("{n} rows read").format(n=self.read)]
        for t, n in sorted(self.inserted.items()):
            parts.append(tr("{n} inserted into {table}").format(n=n, table=t))
        for t, n in sorted(self.updated.items()):
            parts.append(tr("{n} updated in {table}").format(n=n, table=t))
        for t, n in sorted(self.unchanged.items()):
            parts.append(tr("{n} unchanged in {table}").format(n=n, table=t))
        parts.append(tr("{n} rejections").format(n=len(self.rejected)))
        if not self.written:
            parts.append(tr("nothing written") if not self.strict or not self.rejected else
                         tr("nothing written (strict mode)"))
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"source": self.source, "layer": self.layer, "read": self.read, "mode": self.mode,
                "strict": self.strict, "written": self.written, "inserted": dict(self.inserted),
                "updated": dict(self.updated), "unchanged": dict(self.unchanged), "encoding": self.encoding,
                "crs": self.crs, "field_map": dict(self.field_map), "warnings": [str(w) for w in self.warnings],
                "rejected": [{"source_row": _plain(r.source_row), "table": r.table, "field": r.field,
                              "reason": str(r.reason), "value": _plain(r.value)} for r in self.rejected]}

    def write(self, path) -> str:
        """Save as CSV (``.csv``: UTF-8 with BOM; one line per rejection, warning and summary figure,
        columns ``record, source_row, table, field, reason, value``) or JSON (``.json``)."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix == ".json":
            p.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        elif suffix == ".csv":
            with open(p, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(REPORT_COLUMNS)
                for r in self.rejected:
                    w.writerow(["rejected", _cell(r.source_row), r.table, r.field, str(r.reason), _cell(r.value)])
                for text in self.warnings:
                    w.writerow(["warning", "", "", "", str(text), ""])
                d = self.as_dict()
                for key in ("source", "layer", "mode", "strict", "written", "read", "encoding", "crs"):
                    w.writerow(["summary", "", "", key, "", _cell(d[key])])
                for key in ("inserted", "updated", "unchanged"):
                    for table, n in sorted(d[key].items()):
                        w.writerow(["summary", "", table, key, "", n])
                for sf, src in sorted(self.field_map.items()):
                    w.writerow(["summary", "", "", "field_map", sf, _cell(src)])
        else:
            raise ValueError(tr("{path}: a report file ends with .csv or .json").format(path=p))
        return str(p)


REPORT_COLUMNS = ("record", "source_row", "table", "field", "reason", "value")


class ImportSourceError(Exception):
    """A source that cannot be imported at all (unreadable, empty, no CRS ...); the message names the
    file and the problem."""


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


def _key(v):
    try:
        hash(v)
        return v
    except TypeError:
        return repr(v)


def _plain(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v if not (isinstance(v, float) and not math.isfinite(v)) else str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return f"<{len(bytes(v))} bytes>"
    if isinstance(v, CodeRef):
        return f"{v.table}:{v.code}"
    return str(v)


def _cell(v) -> str:
    v = _plain(v)
    return "" if v is None else str(v)[:500]


# --------------------------------------------------------------------------- fast checks
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


_INT64 = (-2 ** 63, 2 ** 63 - 1)


def _predicate(f: S.Field):
    """A test that is True only when :func:`validate_row` would keep the value unchanged (None too,
    unless the field is required); False sends the row through ``validate_row`` itself (which names
    the problem or normalises the value)."""
    lo = -math.inf if f.min is None else f.min
    hi = math.inf if f.max is None else f.max
    if f.type == "uuid":
        test = lambda v: type(v) is str and _UUID.match(v) is not None  # noqa: E731
    elif f.type == "text" and f.values is not None:
        allowed = frozenset(S.value_codes(f.values))
        test = lambda v: type(v) is str and v in allowed  # noqa: E731
    elif f.type == "text":
        ml = f.max_length if f.max_length is not None else math.inf
        least = 1 if f.required else 0
        test = lambda v: type(v) is str and least <= len(v) <= ml  # noqa: E731
    elif f.type == "integer":
        lo, hi = max(lo, _INT64[0]), min(hi, _INT64[1])
        test = lambda v: type(v) is int and lo <= v <= hi  # noqa: E731
    elif f.type == "real":  # NaN fails the comparisons, an infinity v - v == 0
        test = lambda v: type(v) is float and lo <= v <= hi and v - v == 0.0  # noqa: E731
    elif f.type == "boolean":
        test = lambda v: type(v) is bool  # noqa: E731
    else:
        test = lambda v: False  # noqa: E731 - dates, date-times, JSON, blobs: validate_row normalises them
    if f.required:
        return test
    return lambda v: v is None or test(v)


_CHECKS: dict = {}


def _checks(t: S.Table) -> tuple:
    """({field: predicate}, required field names) of table ``t``."""
    if t.name not in _CHECKS:
        _CHECKS[t.name] = ({f.name: _predicate(f) for f in t.fields},
                           frozenset(f.name for f in t.fields if f.required))
    return _CHECKS[t.name]


def full_check(t: S.Table, row: dict, where) -> dict:
    """``validate_row``, and whole numbers within SQLite's 64-bit integers (validate_row sets no bound
    where the schema has none, SQLite cannot store more)."""
    out = validate_row(t, row, where)
    for f in t.fields:
        v = out.get(f.name)
        if f.type == "integer" and v is not None and not _INT64[0] <= v <= _INT64[1]:
            raise ValidationError(t.name, where, f.name, tr("is too large ({value})").format(value=v))
    return out


def check_row(t: S.Table, row: dict, where) -> dict:
    """:func:`full_check` (``validate_row``), fast for rows that are already normal (the common case)."""
    preds, required = _checks(t)
    for k, v in row.items():
        p = preds.get(k)
        if p is None or not p(v):
            if k == "geom" and t.is_spatial:
                continue
            return full_check(t, row, where)
    for name in required:
        if row.get(name) is None:
            return full_check(t, row, where)
    if t.is_spatial and "geom" not in row:
        row = dict(row, geom=None)
    return row


# --------------------------------------------------------------------------- geometry
_GEOM_CODES = {"Point": 1, "LineString": 2, "Polygon": 3}
_GEOM_NAMES = {1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
               6: "MultiPolygon", 7: "GeometryCollection"}


def geometry_envelope(wkb, expected: str) -> tuple:
    """(minx, miny, maxx, maxy) of a 2D WKB geometry of type ``expected``; ValueError with the reason
    when it is something else, empty, unreadable or has coordinates that are not finite numbers."""
    if not isinstance(wkb, (bytes, bytearray, memoryview)):
        raise ValueError(tr("is not WKB geometry ({kind})").format(kind=type(wkb).__name__))
    wkb = bytes(wkb)
    if len(wkb) < 9 or wkb[0] not in (0, 1):
        raise ValueError(tr("is not a readable geometry"))
    e = "<" if wkb[0] == 1 else ">"
    (code,) = struct.unpack_from(e + "I", wkb, 1)
    base = code & 0xFF if code & 0xE0000000 else code % 1000
    if code != base:
        raise ValueError(tr("has Z or M values (2D expected)"))
    if base != _GEOM_CODES.get(expected):
        raise ValueError(tr("is a {found}, the table holds {expected}").format(
            found=_GEOM_NAMES.get(base, tr("unknown geometry")), expected=expected))
    try:
        if base == 1:
            x, y = struct.unpack_from(e + "2d", wkb, 5)
            rings = [(x, y)]
            if len(wkb) != 21:
                raise ValueError
        elif base == 2:
            (n,) = struct.unpack_from(e + "I", wkb, 5)
            if len(wkb) != 9 + 16 * n:
                raise ValueError
            if n < 2:
                raise ValueError(tr("is a line with fewer than two points"))
            rings = struct.unpack_from(f"{e}{2 * n}d", wkb, 9)
            rings = [(rings[0::2], rings[1::2])]
        else:
            (nr,) = struct.unpack_from(e + "I", wkb, 5)
            pos, rings = 9, []
            if nr == 0:
                raise ValueError(tr("is empty"))
            for _ in range(nr):
                (n,) = struct.unpack_from(e + "I", wkb, pos)
                if n < 4:
                    raise ValueError(tr("has a ring with fewer than four points"))
                c = struct.unpack_from(f"{e}{2 * n}d", wkb, pos + 4)
                if c[0] != c[-2] or c[1] != c[-1]:
                    raise ValueError(tr("has a ring that is not closed"))
                rings.append((c[0::2], c[1::2]))
                pos += 4 + 16 * n
            if pos != len(wkb):
                raise ValueError
    except struct.error:
        raise ValueError(tr("is not a readable geometry")) from None
    except ValueError as exc:
        if exc.args:
            raise
        raise ValueError(tr("is not a readable geometry")) from None
    if base == 1:
        x, y = rings[0]
        if x != x and y != y:
            raise ValueError(tr("is empty"))
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(tr("has coordinates that are not finite numbers"))
        return (x, y, x, y)
    minx = min(min(xs) for xs, _ in rings)
    maxx = max(max(xs) for xs, _ in rings)
    miny = min(min(ys) for _, ys in rings)
    maxy = max(max(ys) for _, ys in rings)
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise ValueError(tr("has coordinates that are not finite numbers"))
    return (minx, miny, maxx, maxy)


# --------------------------------------------------------------------------- codes
def generate_codes(store, table: str, n: int, when: Optional[_dt.date] = None) -> list:
    """``n`` new codes for ``table``: its code prefix, ``IMP`` and the date, and a running number
    continuing the highest of that day in the store, e.g. ``GD-IMP20261127-000001``."""
    t = S.table(table)
    stem = f"{t.code_prefix or t.name.upper()}-IMP{(when or _dt.date.today()):%Y%m%d}-"
    top = 0
    for (code,) in store.execute(f"SELECT code FROM {quote_ident(table)} WHERE code LIKE ? || '%'", (stem,)):
        tail = code[len(stem):]
        if tail.isdigit():
            top = max(top, int(tail))
    return [f"{stem}{top + k:06d}" for k in range(1, n + 1)]


def _uids():
    """New uids, endlessly: version 7 UUIDs (RFC 9562: a millisecond timestamp, then a counter from a
    random start), increasing in the order they are made, so that a bulk insert adds to the end of
    the uid index instead of at random places (a uid index insert then costs about half)."""
    ms = time.time_ns() // 1_000_000
    counter = int.from_bytes(os.urandom(10), "big") >> 7  # 73 random bits: room to count up
    while True:
        counter += 1
        if counter >> 74:
            ms += 1
            counter = int.from_bytes(os.urandom(10), "big") >> 7
        value = (ms & 0xFFFFFFFFFFFF) << 80 | 0x7 << 76 | (counter >> 62) << 64 | 0x2 << 62 | \
            (counter & 0x3FFFFFFFFFFFFFFF)
        h = f"{value:032x}"
        yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def canonical_uid(u):
    """A uid as the store keeps it (lower case, hyphens: ``validate_row``'s form); anything that is no
    UUID is returned unchanged for validation to name."""
    if isinstance(u, str) and not _UUID.match(u):
        try:
            return str(uuid.UUID(u))
        except ValueError:
            return u
    return u


def _lookup(store, table: str, column: str, values: Iterable, wanted: tuple) -> dict:
    """{value of ``column``: row tuple of ``wanted`` columns} for the rows of ``table`` holding them."""
    values = list({v for v in values if v is not None})
    if column == "uid" and getattr(store, "backend", "gpkg") == "postgis":
        # a uuid column: a text that is no canonical UUID cannot be in it (validation names it)
        values = [v for v in values if isinstance(v, str) and _UUID.match(v)]
    out: dict = {}
    if not values:
        return out
    cols = ", ".join(quote_ident(c) for c in (column,) + wanted)
    if len(values) > 5000:  # cheaper to read the table's keys once
        for r in store.execute(f"SELECT {cols} FROM {quote_ident(table)}"):
            out[r[0]] = r[1:]
        wanted_set = set(values)
        return {k: v for k, v in out.items() if k in wanted_set}
    for i in range(0, len(values), 500):
        chunk = values[i:i + 500]
        sql = f"SELECT {cols} FROM {quote_ident(table)} WHERE {quote_ident(column)} IN ({', '.join('?' * len(chunk))})"
        for r in store.execute(sql, chunk):
            out[r[0]] = r[1:]
    return out


# --------------------------------------------------------------------------- write_candidates
def write_candidates(store, candidates, mode: str = "append", strict: bool = False,
                     report: Optional[ImportReport] = None, feedback=None,
                     audit_inserts: bool = False) -> ImportReport:
    """Validate ``candidates`` and write the good ones to ``store`` in one transaction.

    ``mode``: ``append`` (a code the store has already is rejected) or ``update`` (the row with that
    code is updated with the candidate's fields; codes the store lacks are inserted). ``strict``: any
    rejection, including those already in ``report``, and nothing is written. ``feedback``: a
    QgsFeedback-like object (``setProgress``, ``isCanceled``); cancelling raises :class:`ImportCancelled`
    and writes nothing. Returns ``report`` (a new one if None) completed.
    """
    if mode not in MODES:
        raise ValueError(tr("mode: {mode!r} is not append or update").format(mode=mode))
    from .import_write import Batch

    cands = candidates if isinstance(candidates, list) else list(candidates)
    if report is None:
        report = ImportReport()
    if not report.read:
        report.read = len({(c.table, _key(c.source_row)) for c in cands}
                          | {(r.table, _key(r.source_row)) for r in report.rejected})
    report.strict, report.mode = bool(strict), mode
    batch = Batch(store, cands, mode, report, feedback)
    batch.validate()
    if report.rejected and strict:
        report.written = False
        return report
    batch.write(audit_inserts)
    return report


# --------------------------------------------------------------------------- files (layers/import_read.py)
def read_source(path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                repair: bool = False, layer: Optional[str] = None, **kw) -> tuple:
    """(candidates, report) of a survey file's features as rows of facility table ``kind``: see
    :func:`layers.import_read.read_source`."""
    from .import_read import read_source as _read

    return _read(path, kind, field_map, source_crs, encoding, repair, layer, **kw)


def import_facilities(store, path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                      mode: str = "append", strict: bool = False, repair: bool = False,
                      layer: Optional[str] = None, feedback=None, **kw) -> ImportReport:
    """Import a survey file into facility table ``kind`` of ``store``: see
    :func:`layers.import_read.import_facilities`."""
    from .import_read import import_facilities as _import

    return _import(store, path, kind, field_map, source_crs, encoding, mode, strict, repair, layer, feedback, **kw)
