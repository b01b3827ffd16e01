"""Audit triggers, rendered from the schema: every insert, edit and delete of a facility or record
writes ``audit_log`` (who, when, table, uid, old and new values as JSON), whoever makes it — the
plugin, QGIS's own attribute forms, QField, or plain SQL.

Why triggers: an audit kept by the plugin would miss every edit made elsewhere. The GeoPackage has
no session user, so *who* is read from ``sm_meta`` key ``user``, which the store sets at the start of
each of its transactions and the plugin sets for the QGIS user before QGIS commits layer edits.
``sm_meta`` key ``audit`` = ``off`` suspends auditing inside one transaction (bulk loads such as the
demo city); the store turns it back on before committing.

Geometry and binary columns are not copied into the JSON (JSON cannot hold binary values);
``"geom_changed": true`` marks an update that moved the geometry.

:func:`audit_values` reads the logged values back in one form whatever backend logged them (the
PostGIS store's trigger writes ``jsonb``, see ``layers/pg_schema.py``).
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Optional

from ..core import schema as S
from ..core.validation import format_datetime

#: A version 4 UUID made in SQL (SQLite has no uuid()).
SQL_UUID = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
            "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
            "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))")
SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
SQL_USER = f"coalesce((SELECT value FROM {S.META_TABLE} WHERE key = 'user'), 'unknown')"
SQL_AUDIT_ON = f"coalesce((SELECT value FROM {S.META_TABLE} WHERE key = 'audit'), 'on') <> 'off'"

AUDITED_TABLES = tuple(t for t in S.TABLES if t.kind != "system")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json(t: S.Table, alias: str) -> str:
    pairs = [f"'{f.name}', {alias}.{_q(f.name)}" for f in t.fields if f.type != "blob"]
    return "json_object(" + ", ".join(pairs) + ")"


def _facility_uid(t: S.Table, alias: str) -> str:
    """SQL for the facility a row of ``t`` belongs to."""
    if t.kind == "facility":
        return f"{alias}.uid"
    if "facility_uid" in t.field_names:
        return f"{alias}.facility_uid"
    if t.name == "maintenance_material":
        return f"(SELECT facility_uid FROM maintenance WHERE uid = {alias}.maintenance_uid)"
    if "inspection_uid" in t.field_names:  # detail records of an inspection (pipe_defect, tunnel_item …)
        return f"(SELECT facility_uid FROM inspection WHERE uid = {alias}.inspection_uid)"
    return "NULL"


def _insert_log(t: S.Table, action: str, alias: str, old: str, new: str) -> str:
    return (f"INSERT INTO audit_log (uid, changed_at, user_name, table_name, row_uid, facility_uid, action, "
            f"old_values, new_values) VALUES ({SQL_UUID}, {SQL_NOW}, {SQL_USER}, '{t.name}', {alias}.uid, "
            f"{_facility_uid(t, alias)}, '{action}', {old}, {new});")


def audit_triggers(t: S.Table) -> list:
    """CREATE TRIGGER statements auditing table ``t`` (SQLite dialect)."""
    n = _q(t.name)
    compared = [f.name for f in t.fields] + (["geom"] if t.is_spatial else [])
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in compared)
    new_json = _json(t, "NEW")
    if t.is_spatial:
        new_json = f"json_set({new_json}, '$.geom_changed', json(CASE WHEN OLD.geom IS NOT NEW.geom " \
                   f"THEN 'true' ELSE 'false' END))"
    return [
        f"CREATE TRIGGER {_q('sm_audit_' + t.name + '_insert')} AFTER INSERT ON {n} WHEN {SQL_AUDIT_ON} "
        f"BEGIN {_insert_log(t, 'insert', 'NEW', 'NULL', _json(t, 'NEW'))} END",
        f"CREATE TRIGGER {_q('sm_audit_' + t.name + '_update')} AFTER UPDATE ON {n} WHEN {SQL_AUDIT_ON} "
        f"AND ({changed}) BEGIN {_insert_log(t, 'update', 'NEW', _json(t, 'OLD'), new_json)} END",
        f"CREATE TRIGGER {_q('sm_audit_' + t.name + '_delete')} AFTER DELETE ON {n} WHEN {SQL_AUDIT_ON} "
        f"BEGIN {_insert_log(t, 'delete', 'OLD', _json(t, 'OLD'), 'NULL')} END",
    ]


def audit_values(table: Optional[str], values: Optional[dict]) -> Optional[dict]:
    """An audit entry's values in one form whatever the backend logged: the GeoPackage's triggers
    write JSON fields as text, reals as reals and booleans as 0/1; PostGIS's ``to_jsonb`` nests JSON
    fields, writes whole reals as integers and date-times with an offset. Here: JSON fields as
    (compact) JSON text, reals as float, booleans as bool, date-times as ``…sssZ`` UTC; unknown
    keys (``geom_changed``) as logged."""
    if not values:
        return values
    try:
        fields = {f.name: f for f in S.table(table).fields}
    except KeyError:
        return values
    out = {}
    for k, v in values.items():
        f = fields.get(k)
        if f is not None and v is not None:
            if f.type == "json" and not isinstance(v, str):
                v = json.dumps(v, ensure_ascii=False)
            elif f.type == "real" and isinstance(v, int) and not isinstance(v, bool):
                v = float(v)
            elif f.type == "boolean" and isinstance(v, int):
                v = bool(v)
            elif f.type == "datetime" and isinstance(v, str) and not v.endswith("Z"):
                try:
                    v = format_datetime(_dt.datetime.fromisoformat(v))
                except ValueError:
                    pass
        out[k] = v
    return out

