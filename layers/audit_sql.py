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
"""
from __future__ import annotations

from ..core import schema as S

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
