"""Short field names for Shapefile (dBASE) exports: at most 10 characters, unique per table, stable.

A DBF field name holds at most 10 characters (``recommended_action`` does not fit), and GDAL
would cut long names itself (``recommende``, ``recommen_1`` …) in an order that depends on the
fields present. Here every schema table's fields get fixed short names instead, so that a Shapefile
the plugin writes can be read back with every field: :func:`short_names` for the export,
:func:`long_names` (the reverse) for the import.

Rules, applied in the schema's field order:

1. A name of at most 10 characters stays as it is.
2. A name in :data:`OVERRIDES` takes the curated short name (``recommended_action`` → ``rec_action``).
3. Otherwise each ``_``-separated word is abbreviated through :data:`WORDS`; while the name is still
   too long, the longest word (the last of equal ones) loses its last letter. The words stay joined
   by ``_`` unless there are more than five of them (then they are joined directly); a name still too
   long is cut to 10.
4. A short name already taken in the table (case-insensitively, as dBASE compares names) gets a
   number: its head cut so that ``<head><n>`` fits 10 characters, ``n`` counting from 1.

The names are ASCII lower case, as the schema's. Pure Python, no QGIS.
"""
from __future__ import annotations

import functools
from typing import Union

from . import schema as S

MAX_LENGTH = 10

#: Curated short names of the schema's long field names.
OVERRIDES: dict = {
    "maintenance_unit": "maint_unit",
    "grade_standard": "grade_std",
    "last_inspected": "last_insp",
    "recommended_action": "rec_action",
    "recommended_category": "rec_cat",
    "pavement_type": "pave_type",
    "bridge_class": "brg_class",
    "bridge_type": "brg_type",
    "diameter_mm": "diam_mm",
    "up_manhole_uid": "up_mh_uid",
    "down_manhole_uid": "dn_mh_uid",
    "up_invert_depth_m": "up_depth_m",
    "down_invert_depth_m": "dn_depth_m",
    "anti_settlement": "anti_settl",
    "cover_replaced_on": "cover_repl",
    "manhole_uid": "mh_uid",
    "storage_type": "stor_type",
    "capacity_m3": "cap_m3",
    "normal_level_m": "norm_lvl_m",
    "pre_lowering_level_m": "pre_lvl_m",
    "location_desc": "loc_desc",
    "sponge_city": "sponge",
    "design_return_period_yr": "design_rp",
    "outfall_type": "outf_type",
    "receiving_water": "recv_water",
    "invert_elevation_m": "inv_elev_m",
    "facility_uid": "fac_uid",
    "facility_kind": "fac_kind",
    "inspected_on": "insp_on",
    "inspection_type": "insp_type",
    "inspection_uid": "insp_uid",
    "finished_on": "finish_on",
    "description": "descr",
    "estimated_cost_yuan": "est_cost",
    "responsible_unit": "resp_unit",
    "programme_uid": "prog_uid",
    "maintenance_uid": "maint_uid",
    "orientation": "orient",
    "instance_kind": "inst_kind",
    "single_item_control": "single_ctl",
    "rainfall_mm": "rain_mm",
    "return_period_yr": "rp_yr",
    "max_depth_cm": "max_dep_cm",
    "duration_min": "dur_min",
    "building_ingress": "bldg_ingr",
    "traffic_impact": "traffic",
    "assessed_on": "assess_on",
    "assessed_by": "assess_by",
    "replaced_on": "repl_on",
    "old_cover_type": "old_cover",
    "new_cover_type": "new_cover",
    "old_load_class": "old_load",
    "new_load_class": "new_load",
    "completed_on": "compl_on",
    "rotation_order": "rot_order",
    "open_case_limit": "case_limit",
    "reported_at": "report_at",
    "dispatched_at": "disp_at",
    "responded_at": "resp_at",
    "unit_cost_yuan": "unit_cost",
}

#: Word abbreviations for names without an override (fields added later).
WORDS: dict = {
    "maintenance": "maint", "inspection": "insp", "inspected": "insp", "recommended": "rec",
    "category": "cat", "standard": "std", "facility": "fac", "manhole": "mh", "diameter": "diam",
    "elevation": "elev", "invert": "inv", "description": "descr", "estimated": "est", "responsible": "resp",
    "programme": "prog", "replaced": "repl", "replacement": "repl", "capacity": "cap", "location": "loc",
    "storage": "stor", "number": "no", "quantity": "qty", "average": "avg", "maximum": "max",
    "minimum": "min", "district": "dist", "pavement": "pave", "bridge": "brg", "settlement": "settl",
    "duration": "dur", "building": "bldg", "period": "per", "return": "ret", "design": "dsgn",
    "level": "lvl", "normal": "norm", "completed": "compl", "rotation": "rot", "reported": "rep",
    "dispatched": "disp", "responded": "resp", "assessed": "assess", "orientation": "orient",
    "instance": "inst", "control": "ctl", "single": "sgl", "receiving": "recv",
}


def _shorten(name: str) -> str:
    if len(name) <= MAX_LENGTH:
        return name
    if name in OVERRIDES:
        return OVERRIDES[name]
    words = [WORDS.get(w, w) for w in name.split("_") if w]
    sep = "_" if 2 * len(words) - 1 <= MAX_LENGTH else ""
    while len(sep.join(words)) > MAX_LENGTH and max(len(w) for w in words) > 1:
        longest = max(len(w) for w in words)
        i = max(k for k, w in enumerate(words) if len(w) == longest)
        words[i] = words[i][:-1]
    return sep.join(words)[:MAX_LENGTH]


def _table(table: Union[str, S.Table]) -> S.Table:
    return table if isinstance(table, S.Table) else S.table(table)


@functools.cache
def _names(table: S.Table) -> tuple:
    fields = table.field_names
    taken = {f.lower() for f in fields if len(f) <= MAX_LENGTH}
    out = []
    for f in fields:
        if len(f) <= MAX_LENGTH:
            out.append((f, f))
            continue
        short = _shorten(f)
        n = 1
        candidate = short
        while candidate.lower() in taken:
            suffix = str(n)
            candidate = short[:MAX_LENGTH - len(suffix)] + suffix
            n += 1
        taken.add(candidate.lower())
        out.append((f, candidate))
    return tuple(out)


def short_names(table: Union[str, S.Table]) -> dict:
    """``{schema field: DBF field name}`` for every field of ``table`` (a name or a schema Table)."""
    return dict(_names(_table(table)))


def long_names(table: Union[str, S.Table]) -> dict:
    """The reverse of :func:`short_names`: ``{DBF field name: schema field}``."""
    return {short: field for field, short in _names(_table(table))}


def schema_field(table: Union[str, S.Table], name: str):
    """The schema field a source field name stands for — its own name or its short name, compared
    case-insensitively (DBF readers may upper-case names) — or None."""
    key = str(name).strip().lower()
    for field, short in _names(_table(table)):
        if key in (field.lower(), short.lower()):
            return field
    return None
