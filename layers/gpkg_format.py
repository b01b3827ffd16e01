"""The GeoPackage file format as this store writes it: geometry blobs, spatial functions and DDL.

Everything here renders from :mod:`safe_municipal.core.schema`: tables with their constraints,
the GeoPackage registration tables, R-tree indexes with the standard triggers, GDAL's feature
count cache, value lists as enum constraints, and the audit triggers (:mod:`.audit_sql`).
No QGIS import.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
import struct
from pathlib import Path
from typing import Any

from ..core import geometry as geo
from ..core import schema as S
from .audit_sql import AUDITED_TABLES, audit_triggers
from .errors import StoreError

_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


# --------------------------------------------------------------------------- geometry blobs
def gpkg_blob(wkb: bytes, srs_id: int) -> bytes:
    """Standard GeoPackage geometry: header with envelope (none for points) + WKB."""
    return blob_with_envelope(wkb, srs_id, *geo.wkb_info(wkb))


def blob_with_envelope(wkb: bytes, srs_id: int, gtype: str, bbox) -> bytes:
    """As :func:`gpkg_blob`, with the type and bbox already known."""
    if bbox is None:  # empty flag set
        return b"GP\x00\x11" + struct.pack("<i", srs_id) + wkb
    if gtype == "Point":
        return b"GP\x00\x01" + struct.pack("<i", srs_id) + wkb
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, bbox[0], bbox[2], bbox[1], bbox[3]) + wkb


_ENV_LEN = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def blob_wkb(blob: bytes) -> bytes:
    """The WKB part of a GeoPackage geometry blob."""
    if blob is None:
        return None
    flags = blob[3]
    return bytes(blob[8 + _ENV_LEN[(flags >> 1) & 0x07]:])


def blob_envelope(blob: bytes):
    """(minx, maxx, miny, maxy) from the header, or computed from the WKB; None if empty."""
    if blob is None:
        return None
    flags = blob[3]
    if flags & 0x10:
        return None
    env = (flags >> 1) & 0x07
    e = "<" if flags & 0x01 else ">"
    if env:
        return struct.unpack_from(e + "4d", blob, 8)
    bbox = geo.wkb_bbox(bytes(blob), 8)
    if bbox is None:
        return None
    return bbox[0], bbox[2], bbox[1], bbox[3]


def _st(i: int):
    def f(blob):
        env = blob_envelope(blob) if blob is not None else None
        return None if env is None else env[i]
    return f


def register_functions(conn: sqlite3.Connection) -> None:
    """The spatial SQL functions the GeoPackage R-tree triggers call."""
    conn.create_function("ST_IsEmpty", 1, lambda b: None if b is None else int(blob_envelope(b) is None),
                         deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _st(i), deterministic=True)


# --------------------------------------------------------------------------- DDL
_SQL_TYPES = {"uuid": "TEXT(36)", "text": "TEXT", "integer": "MEDIUMINT", "real": "REAL",
              "boolean": "BOOLEAN", "date": "DATE", "datetime": "DATETIME", "json": "TEXT", "blob": "BLOB"}


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(v: Any) -> str:
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return repr(v)


def _column_sql(f: S.Field) -> str:
    t = _SQL_TYPES[f.type]
    if f.type == "text" and f.max_length:
        t = f"TEXT({f.max_length})"
    parts = [quote_ident(f.name), t]
    if f.required:
        parts.append("NOT NULL")
    if f.unique:
        parts.append("UNIQUE")
    checks = []
    c = quote_ident(f.name)
    if f.values:
        checks.append(f"{c} IN ({', '.join(_lit(v) for v in S.value_codes(f.values))})")
    if f.min is not None:
        checks.append(f"{c} >= {f.min:g}")
    if f.max is not None:
        checks.append(f"{c} <= {f.max:g}")
    if f.type == "boolean":
        checks.append(f"{c} IN (0, 1)")
    if f.type == "uuid":
        checks.append(f"length({c}) = 36")
    if f.type == "date":
        checks.append(f"{c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'")
    if checks:
        parts.append("CHECK (" + " AND ".join(checks) + ")")
    return " ".join(parts)


def table_ddl(t: S.Table) -> list:
    cols = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if t.is_spatial:
        cols.append(f'"geom" {t.geometry.upper()}')
    cols += [_column_sql(f) for f in t.fields]
    stmts = [f"CREATE TABLE {quote_ident(t.name)} (\n  " + ",\n  ".join(cols) + "\n)"]
    for col in t.indexes:
        stmts.append(f"CREATE INDEX {quote_ident('idx_' + t.name + '_' + col)} ON {quote_ident(t.name)} ({quote_ident(col)})")
    return stmts


def _rtree_ddl(t: str, c: str = "geom") -> list:
    r = f"rtree_{t}_{c}"
    qt, qc, qr = quote_ident(t), quote_ident(c), quote_ident(r)
    ins = (f"INSERT OR REPLACE INTO {qr} VALUES (NEW.fid, ST_MinX(NEW.{qc}), ST_MaxX(NEW.{qc}), "
           f"ST_MinY(NEW.{qc}), ST_MaxY(NEW.{qc}))")
    return [
        f"CREATE VIRTUAL TABLE {qr} USING rtree(id, minx, maxx, miny, maxy)",
        f"CREATE TRIGGER {quote_ident(r + '_insert')} AFTER INSERT ON {qt} WHEN (NEW.{qc} NOT NULL AND "
        f"NOT ST_IsEmpty(NEW.{qc})) BEGIN {ins}; END",
        f"CREATE TRIGGER {quote_ident(r + '_update1')} AFTER UPDATE OF {qc} ON {qt} WHEN OLD.fid = NEW.fid AND "
        f"(NEW.{qc} NOTNULL AND NOT ST_IsEmpty(NEW.{qc})) BEGIN {ins}; END",
        f"CREATE TRIGGER {quote_ident(r + '_update2')} AFTER UPDATE OF {qc} ON {qt} WHEN OLD.fid = NEW.fid AND "
        f"(NEW.{qc} ISNULL OR ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id = OLD.fid; END",
        f"CREATE TRIGGER {quote_ident(r + '_update3')} AFTER UPDATE ON {qt} WHEN OLD.fid != NEW.fid AND "
        f"(NEW.{qc} NOTNULL AND NOT ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id = OLD.fid; "
        f"{ins}; END",
        f"CREATE TRIGGER {quote_ident(r + '_update4')} AFTER UPDATE ON {qt} WHEN OLD.fid != NEW.fid AND "
        f"(NEW.{qc} ISNULL OR ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id IN (OLD.fid, NEW.fid); END",
        f"CREATE TRIGGER {quote_ident(r + '_delete')} AFTER DELETE ON {qt} WHEN old.{qc} NOT NULL "
        f"BEGIN DELETE FROM {qr} WHERE id = OLD.fid; END",
    ]


_GPKG_CORE = [
    """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
       organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
       description TEXT)""",
    """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
       identifier TEXT UNIQUE, description TEXT DEFAULT '',
       last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
       min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
       CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
       geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
       CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
       CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
       CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
       definition TEXT NOT NULL, scope TEXT NOT NULL,
       CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
    """CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,
       title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,
       CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))""",
    # GDAL's feature-count cache: without it QGIS 3.22 reports featureCount() -1 for a layer of a
    # file that has other layers in edit mode. Kept current by triggers, as GDAL itself does.
    """CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, feature_count INTEGER DEFAULT NULL)""",
    """CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL,
       constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC,
       max_is_inclusive BOOLEAN, description TEXT,
       CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))""",
]

_SCHEMA_EXT = "http://www.geopackage.org/spec/#extension_schema"
_RTREE_EXT = "http://www.geopackage.org/spec120/#extension_rtree"


def crs_definition(epsg: int) -> tuple:
    """(name, WKT) of an EPSG CRS: bundled for the default, through pyproj otherwise."""
    bundled = _RESOURCES / "crs" / f"EPSG_{epsg}.wkt"
    if bundled.exists():
        wkt = bundled.read_text(encoding="utf-8").strip()
    else:
        try:
            import pyproj  # lazy: only for a non-default CRS
        except ImportError as e:  # pragma: no cover - pyproj ships with QGIS installs
            raise StoreError(f"EPSG:{epsg} needs pyproj to describe it") from e
        try:
            crs = pyproj.CRS.from_epsg(epsg)
        except Exception as e:
            raise StoreError(f"EPSG:{epsg} is not a known coordinate reference system") from e
        if crs.is_geographic is False and crs.is_projected is False:
            raise StoreError(f"EPSG:{epsg} is neither projected nor geographic")
        wkt = crs.to_wkt(pyproj.enums.WktVersion.WKT1_GDAL)
    name = wkt.split('"')[1] if '"' in wkt else f"EPSG:{epsg}"
    return name, wkt


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def add_value_list(conn: sqlite3.Connection, list_name: str) -> None:
    """Register a value list as a GeoPackage enum constraint (GDAL reads it as a field domain)."""
    conn.executemany("INSERT INTO gpkg_data_column_constraints VALUES (?,?,?,NULL,NULL,NULL,NULL,?)",
                     [(f"sm_{list_name}", "enum", c.value, c.label) for c in S.VALUE_LISTS[list_name]])


def create_table(conn: sqlite3.Connection, t: S.Table, epsg: int, now: str, audit: bool = True) -> None:
    """One schema table with everything the GeoPackage needs: contents, feature count and its triggers,
    geometry column and R-tree (spatial), data columns (JSON, value lists) and, with ``audit``, the
    audit triggers. Used by :func:`create_schema` and by migrations that add a table."""
    for stmt in table_ddl(t):
        conn.execute(stmt)
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)"
                 " VALUES (?,?,?,?,?,?)",
                 (t.name, "features" if t.is_spatial else "attributes", t.name, t.label, now,
                  epsg if t.is_spatial else None))
    conn.execute("INSERT INTO gpkg_ogr_contents VALUES (?, 0)", (t.name,))
    for op, sign in (("insert", "+"), ("delete", "-")):
        conn.execute(f"CREATE TRIGGER {quote_ident('trigger_' + op + '_feature_count_' + t.name)} AFTER {op.upper()} "
                     f"ON {quote_ident(t.name)} BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count "
                     f"{sign} 1 WHERE lower(table_name) = lower({_lit(t.name)}); END")
    if t.is_spatial:
        conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?,?,?,?,0,0)",
                     (t.name, "geom", t.geometry.upper(), epsg))
        for stmt in _rtree_ddl(t.name):
            conn.execute(stmt)
        conn.execute("INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
                     (t.name, "geom", "gpkg_rtree_index", _RTREE_EXT, "write-only"))
    for f in t.fields:
        mime = "application/json" if f.type == "json" else None
        cname = f"sm_{f.values}" if f.values else None
        if mime or cname:
            conn.execute("INSERT INTO gpkg_data_columns VALUES (?,?,?,?,?,?,?)",
                         (t.name, f.name, f.name, f.label, None, mime, cname))
            conn.execute("INSERT OR IGNORE INTO gpkg_extensions VALUES (?,?,?,?,?)",
                         (t.name, f.name, "gpkg_schema", _SCHEMA_EXT, "read-write"))
    if audit and t in AUDITED_TABLES:
        for stmt in audit_triggers(t):
            conn.execute(stmt)


def create_schema(conn: sqlite3.Connection, epsg: int) -> None:
    for stmt in _GPKG_CORE:
        conn.execute(stmt)
    conn.executemany(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)",
        [("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
         ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
         ("WGS 84 geodetic", 4326, "EPSG", 4326,
          'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
          'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",'
          '0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],'
          'AUTHORITY["EPSG","4326"]]', "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
    if epsg != 4326:
        name, wkt = crs_definition(epsg)
        conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)", (name, epsg, "EPSG", epsg, wkt, name))
    now = now_utc()
    for t in S.TABLES:
        create_table(conn, t, epsg, now, audit=False)
    for list_name in S.VALUE_LISTS:
        add_value_list(conn, list_name)
    for tname in ("gpkg_data_columns", "gpkg_data_column_constraints"):
        conn.execute("INSERT INTO gpkg_extensions VALUES (?,NULL,?,?,?)",
                     (tname, "gpkg_schema", _SCHEMA_EXT, "read-write"))
    conn.execute(f"CREATE TABLE {S.META_TABLE} (key TEXT PRIMARY KEY NOT NULL, value TEXT)")
    for t in AUDITED_TABLES:
        for stmt in audit_triggers(t):
            conn.execute(stmt)
    conn.execute(f"CREATE TABLE {S.MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY NOT NULL, "
                 "applied_at DATETIME NOT NULL, description TEXT)")
    for tname in (S.META_TABLE, S.MIGRATIONS_TABLE):
        conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) VALUES (?,?,?,?)",
                     (tname, "attributes", tname, now))
    conn.executemany(f"INSERT INTO {S.META_TABLE} VALUES (?,?)",
                     [("application", S.APPLICATION), ("schema_version", str(S.SCHEMA_VERSION)),
                      ("crs", f"EPSG:{epsg}"), ("created_at", now)])
    conn.execute(f"INSERT INTO {S.MIGRATIONS_TABLE} VALUES (?,?,?)",
                 (S.SCHEMA_VERSION, now, "initial schema"))
