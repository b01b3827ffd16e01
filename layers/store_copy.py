"""Copy a whole store GeoPackage ⇄ PostGIS, and per-table checksums to prove the copy.

:func:`copy_store` copies every schema table (``core.schema.TABLES``, the audit log included, as it
is) from one store to another of the other kind (or the same kind): same uids, same fids, geometry,
JSON, booleans, dates. It writes in ONE destination transaction with auditing suspended (copying is
not editing: the copied audit log already tells the history); the destination must be empty. On
PostGIS the fid identities are moved past the copied fids afterwards. ``sm_meta`` and the migration
table are not copied (the destination has its own, written when it was created).

:func:`copy_into` copies into a store named by a reference — a new GeoPackage file, or a PostGIS
schema created for it (or an existing empty one) — and removes what it created when the copy fails.

:func:`table_checksums` gives ``{table: (rows, sha256)}`` over a normalised canonical form of each
row, ordered by uid, so that the same data in a GeoPackage and in PostGIS give equal checksums:
booleans as bool, dates as ISO dates, date-times as UTC ``YYYY-MM-DDTHH:MM:SS.sssZ``, JSON re-dumped
with sorted keys, reals as ``repr(float)``, uids lower-case, geometry as the hex WKB of the 2D
geometry (little-endian, through OGR). Left out: ``fid`` (a storage key) and ``row_version``
(PostGIS only), and the ``audit_log`` table altogether: the audit log differs by design (each
backend logs its own writes; PostGIS stores old/new values as jsonb objects, the GeoPackage as text;
a copy made with auditing on would add rows).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import uuid as _uuid

from ..core import schema as S
from ..core.validation import format_datetime
from .errors import StoreError

try:
    from ..i18n import tr
except ImportError:  # no Qt (a server's scripts): the English text
    def tr(text: str) -> str:
        return text


#: Tables the checksums leave out (see the module docstring).
CHECKSUM_EXCLUDED = ("audit_log",)


def copy_store(src, dst, feedback=None) -> dict:
    """Copy every schema table of ``src`` into the empty store ``dst``; returns ``{table: rows}``.

    ``src``/``dst``: a :class:`~.gpkg.GpkgStore` or :class:`~.pg_store.PgStore`. Both must use the
    same CRS. ``feedback``: anything with ``isCanceled()`` / ``setProgress()`` / ``pushInfo()``
    (a QgsProcessingFeedback), or None. Cancelling rolls the destination back."""
    if src.epsg != dst.epsg:
        raise StoreError(f"the stores use different coordinate systems (EPSG:{src.epsg} and EPSG:{dst.epsg})")
    full = [t.name for t in S.TABLES if dst.count(t.name)]
    if full:
        raise StoreError(f"{dst.path}: the destination store is not empty ({', '.join(full)})")
    counts = {}
    with dst.audit_suspended() as conn:
        for i, t in enumerate(S.TABLES):
            if feedback is not None and feedback.isCanceled():
                raise StoreError("copy cancelled; nothing was written")
            cols = ["fid", *t.field_names] + (["geom"] if t.is_spatial else [])
            rows = list(src.rows(t.name, columns=cols, order_by=["fid"]))
            if dst.backend == "postgis":
                dst.insert(t.name, rows, validate=False, keep_fid=True)
                dst.reset_identity(t.name)
            else:
                _insert_gpkg(dst, conn, t, rows)
            counts[t.name] = len(rows)
            if feedback is not None:
                feedback.pushInfo(f"{t.name}: {len(rows)}")
                feedback.setProgress(100.0 * (i + 1) / len(S.TABLES))
        if dst.backend != "postgis":
            dst.update_extents()
    return counts


@contextlib.contextmanager
def read_snapshot(store):
    """Reads inside see one moment of ``store`` (opened read-only), whatever others commit meanwhile:
    a REPEATABLE READ transaction on PostGIS, a read transaction on a GeoPackage (SQLite's snapshot)."""
    store.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if store.backend == "postgis" else "BEGIN")
    try:
        yield store
    finally:
        store.execute("COMMIT")


def non_empty_tables(store) -> list:
    """The schema tables of ``store`` that hold rows (the audit log included)."""
    return [t.name for t in S.TABLES if store.count(t.name)]


def open_target(ref, epsg: int) -> tuple:
    """``(store, created)``: the empty store a copy or a restore writes, named by a reference.

    * a GeoPackage path: a NEW file, created with ``epsg`` (an existing file is refused);
    * a PostGIS reference: its schema is created with ``epsg`` when it does not exist yet (the login
      must be allowed to: layers.pg_admin), else the store there is opened — it must use ``epsg``
      and hold no rows at all.

    ``created``: whether this call made the store (:func:`discard_target` takes it away again after
    a failure). StoreError names the problem."""
    from . import store_ref

    if not store_ref.is_postgis(ref):
        import os

        from .gpkg import GpkgStore

        if os.path.exists(str(ref)):
            raise StoreError(tr("{path}: the file exists already; a copy goes into a new file").format(path=ref))
        return GpkgStore.create(str(ref), epsg=int(epsg)), True
    from .pg_admin import create_pg_store, store_exists

    created = False
    if not store_exists(ref):
        create_pg_store(ref, int(epsg))
        created = True
    try:
        store = store_ref.open_store(ref, writable=True)
    except StoreError:
        if created:
            discard_target(ref, True)
        raise
    try:
        if store.epsg != int(epsg):
            raise StoreError(tr("{store}: uses EPSG:{have}, the data is in EPSG:{want}; copy into a store of "
                                "the same coordinate system (or a new schema)").format(
                store=store_ref.describe(ref), have=store.epsg, want=int(epsg)))
        full = non_empty_tables(store)
        if full:
            raise StoreError(tr("{store}: is not empty ({tables}); a copy or a restore goes into an empty store "
                                "— name a schema that does not exist yet and it is created").format(
                store=store_ref.describe(ref), tables=", ".join(full)))
    except BaseException:
        store.close()
        raise
    return store, created


def discard_target(ref, created: bool) -> None:
    """After a failed copy: remove the store :func:`open_target` created (the new GeoPackage file, the
    new PostGIS schema); a store that was there before is left as it is (the copy rolled back)."""
    from . import store_ref

    if not created:
        return
    if not store_ref.is_postgis(ref):
        import os

        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(str(ref) + suffix):
                os.remove(str(ref) + suffix)
        return
    from .pg_admin import connect_admin
    from .pg_schema import quote_ident

    conn = connect_admin(ref)
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {quote_ident(store_ref.parse(ref).schema)} CASCADE")
        conn.commit()
    finally:
        conn.close()


def copy_into(src, ref, feedback=None) -> dict:
    """Copy the store ``src`` into the empty store ``ref`` names (:func:`open_target`: a new
    GeoPackage file, a new or empty PostGIS schema, the source's CRS). Returns ``{"path": the
    target's canonical reference, "created": bool, "tables": {table: rows}}``. On any failure the
    target is as it was (a store this call created is removed)."""
    from . import store_ref

    dst, created = open_target(ref, src.epsg)
    try:
        counts = copy_store(src, dst, feedback)
    except BaseException:
        dst.close()
        discard_target(ref, created)
        raise
    dst.close()
    return {"path": store_ref.canonical(ref), "created": created, "tables": counts}


def _insert_gpkg(dst, conn, t: S.Table, rows: list) -> None:
    """Rows with their fids into a GeoPackage store (inside its transaction; the R-tree and feature
    count triggers index them)."""
    from ..core import geometry as geo
    from .gpkg_format import blob_with_envelope, quote_ident

    names = list(t.field_names)
    cols = ["fid", *names] + (["geom"] if t.is_spatial else [])
    types = {f.name: f.type for f in t.fields}
    sql = (f"INSERT INTO {quote_ident(t.name)} ({', '.join(quote_ident(c) for c in cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")

    def params():
        for r in rows:
            vals = [r["fid"]] + [_to_gpkg(types[n], r.get(n)) for n in names]
            if t.is_spatial:
                g = r.get("geom")
                if g is None:
                    vals.append(None)
                else:
                    gtype, bbox = geo.wkb_info(bytes(g))
                    vals.append(blob_with_envelope(bytes(g), dst.epsg, gtype, bbox))
            yield vals

    if rows:
        conn.executemany(sql, params())


def _to_gpkg(ftype: str, v):
    if v is None:
        return None
    if ftype == "boolean":
        return 1 if v else 0
    if ftype == "json" and not isinstance(v, str):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if ftype == "datetime" and isinstance(v, _dt.datetime):
        return format_datetime(v)
    if ftype == "date" and isinstance(v, _dt.date):
        return v.isoformat()
    return v


# --------------------------------------------------------------------------- checksums
def normalise(ftype: str, v):
    """One value in the canonical form both backends agree on."""
    if v is None:
        return None
    if ftype == "boolean":
        return bool(v)
    if ftype == "date":
        return (v.isoformat() if isinstance(v, _dt.date) else str(v))[:10]
    if ftype == "datetime":
        if isinstance(v, str):
            v = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        return format_datetime(v)
    if ftype == "json":
        return json.dumps(json.loads(v) if isinstance(v, str) else v, ensure_ascii=False, sort_keys=True)
    if ftype == "real":
        return repr(float(v))
    if ftype == "integer":
        return int(v)
    if ftype == "uuid":
        return str(_uuid.UUID(str(v)))
    if ftype == "blob":
        return bytes(v).hex()
    return str(v)


def geom_hex(wkb) -> str:
    """Hex WKB (little-endian) of the 2D geometry."""
    from osgeo import ogr

    g = ogr.CreateGeometryFromWkb(bytes(wkb))
    if g is None:
        raise StoreError("unreadable geometry in the store")
    g.FlattenTo2D()
    return bytes(g.ExportToIsoWkb(ogr.wkbNDR)).hex()


def table_checksums(store) -> dict:
    """``{table: (rows, sha256 hex)}`` for every schema table but the audit log (see module doc)."""
    out = {}
    for t in S.TABLES:
        if t.name in CHECKSUM_EXCLUDED:
            continue
        cols = list(t.field_names) + (["geom"] if t.is_spatial else [])
        types = {f.name: f.type for f in t.fields}
        lines = []
        for r in store.rows(t.name, columns=cols):
            vals = [normalise(types[c], r[c]) for c in t.field_names]
            if t.is_spatial:
                vals.append(geom_hex(r["geom"]) if r["geom"] is not None else None)
            lines.append((vals[t.field_names.index("uid")], json.dumps(vals, ensure_ascii=False, separators=(",", ":"))))
        lines.sort()
        h = hashlib.sha256()
        for _, line in lines:
            h.update(line.encode("utf-8") + b"\n")
        out[t.name] = (len(lines), h.hexdigest())
    return out
