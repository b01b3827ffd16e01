"""An import's writes into a PostGIS store (:class:`.pg_store.PgStore`): the rows the validating writer
(:mod:`.import_write`) or the columnar append (:mod:`.import_fast`) kept, inside their one transaction.

The GeoPackage path fills the R-tree, the feature counts and verifies the CHECK constraints itself; on
PostGIS the database does all of that. What is left here is moving many rows fast:

* inserts with ``COPY … FROM STDIN`` (the geometry as hex EWKB with the store's SRID), a chunk of
  :data:`STEP_ROWS` rows at a time — three times as fast as multi-row INSERTs;
* updates as one ``UPDATE … FROM (VALUES …)`` per set of changed columns (keyed by uid), so that
  100,000 updates are 100 statements, not 100,000 round trips; the row-version and audit triggers
  run for every row as for any other update;
* auditing: like the GeoPackage store, new rows are not written to the audit log row by row
  (:func:`audit_new_rows`): the transaction sets ``safe_municipal.audit`` to ``off``. The database
  honours that only for members of ``sm_admin`` (pg_schema's audit trigger): an editor's or
  inspector's inserts are logged by the database whatever the plugin asks — the audit log of the
  shared store cannot be switched off by its users. Updates are always audited.

A constraint the database finds broken (a CHECK, UNIQUE or NOT NULL) comes back from the store as a
:class:`~core.validation.ValidationError` naming the field; the writers turn it into an
``ImportSourceError`` and the transaction rolls back (nothing written).
"""
from __future__ import annotations

import io
import struct

from ..core import schema as S
from .pg_schema import AUDIT_SETTING, quote_ident

_q = quote_ident
#: Rows per UPDATE statement.
PAGE_ROWS = 1000
#: Rows per COPY (between two progress reports / cancel checks).
STEP_ROWS = 20000

#: SQL type of each schema field type, for the casts of the parameters.
PG_CASTS = {"uuid": "uuid", "text": "text", "integer": "bigint", "real": "double precision",
            "boolean": "boolean", "date": "date", "datetime": "timestamptz", "json": "jsonb", "blob": "bytea"}


def audit_new_rows(store, audited: bool) -> None:
    """Inside the write transaction: whether the inserts that follow go to the audit log (see the
    module docstring: only an sm_admin member's ``off`` counts)."""
    store.execute("SELECT set_config(?, ?, true)", (AUDIT_SETTING, "on" if audited else "off"))


def _placeholder(store, t: S.Table, column: str) -> str:
    if column == "geom":
        return f"ST_GeomFromWKB(%s, {int(store.epsg)})"
    return f"%s::{PG_CASTS[t.field(column).type]}"


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def ewkb_hex(wkb, srid: int) -> str:
    """Hex EWKB of a 2D WKB geometry with ``srid`` (what a geometry column reads in COPY)."""
    wkb = bytes(wkb)
    order = "<" if wkb[0] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", wkb, 1)
    return (wkb[:1] + struct.pack(order + "II", code | 0x20000000, srid) + wkb[5:]).hex()


def _copy_column(kind: str, values, srid: int) -> list:
    """One column's values as COPY text (``\\N`` for NULL)."""
    if kind == "geom":
        return ["\\N" if v is None else ewkb_hex(v, srid) for v in values]
    if kind == "boolean":
        return ["\\N" if v is None else "t" if v else "f" for v in values]
    if kind == "blob":
        return ["\\N" if v is None else "\\\\x" + bytes(v).hex() for v in values]
    if kind == "real":
        return ["\\N" if v is None else repr(float(v)) for v in values]
    if kind == "integer":
        return ["\\N" if v is None else str(int(v)) for v in values]
    return ["\\N" if v is None else str(v).translate(_ESCAPE) for v in values]


def insert_rows(store, t: S.Table, params: list, progress=None, done: int = 0, total: int = 1) -> int:
    """Insert validated rows inside the caller's transaction: ``params`` as for
    :func:`.import_write.insert_rows` (the geometry first on spatial tables — plain WKB here — then
    the fields in schema order). ``progress``: an :class:`.import_write.Progress` (checked for
    cancelling between chunks of :data:`STEP_ROWS`).

    The rows go in with ``COPY … FROM STDIN`` (text format, built column by column: a third of the
    time of multi-row INSERTs); the database's triggers and constraints apply to every row."""
    srid = int(store.epsg)
    cols = (("geom",) if t.is_spatial else ()) + t.field_names
    kinds = [c if c == "geom" else t.field(c).type for c in cols]
    sql = f"COPY {_q(t.name)} ({', '.join(_q(c) for c in cols)}) FROM STDIN"
    n = len(params)
    with store._cursor(t.name, "insert") as cur:
        for s in range(0, n, STEP_ROWS):
            chunk = params[s:s + STEP_ROWS]
            columns = [_copy_column(k, col, srid) for k, col in zip(kinds, zip(*chunk))]
            text = "\n".join(map("\t".join, zip(*columns))) + "\n"
            cur.copy_expert(sql, io.StringIO(text))
            if progress is not None:
                progress.set((done + s + len(chunk)) / total)
                progress.check()
    return n


def update_rows(store, t: S.Table, columns: tuple, params: list) -> int:
    """Update rows by uid inside the caller's transaction: ``params`` are ``(values of columns…, uid)``
    (geometry as WKB). One statement per :data:`PAGE_ROWS` rows."""
    from psycopg2.extras import execute_values

    alias = [f"c{k}" for k in range(len(columns))]
    sets = ", ".join(f"{_q(c)} = v.{a}" for c, a in zip(columns, alias))
    template = "(" + ", ".join([_placeholder(store, t, c) for c in columns] + ["%s::uuid"]) + ")"
    sql = (f"UPDATE {_q(t.name)} AS t SET {sets} FROM (VALUES %s) AS v({', '.join(alias)}, uid) "
           f"WHERE t.uid = v.uid")
    with store._cursor(t.name, "update") as cur:
        execute_values(cur, sql, params, template=template, page_size=PAGE_ROWS)
    return len(params)
