"""Detail records and the live grade: what an inspection's details are, and what they grade to.

An inspection of a pipe, road, bridge or tunnel carries detail rows (``pipe_defect``,
``pavement_distress``, ``bridge_element``, ``tunnel_item``); a waterlogging point carries
``waterlogging_event`` rows of its own. This module knows, for the archive and its editors:

- which columns of each detail table a person enters (:data:`DETAIL_COLUMNS`, :data:`EVENT_COLUMNS`);
- the names a standard's tables know — tunnel items, bridge elements of each part, pavement
  distresses of each pavement type — offered as choices (:func:`choices`), read from the engine's
  data files so that the editor offers exactly what the engine grades;
- the rules a detail row must keep beyond its single fields (:func:`check_detail`: a defect may not
  end before it starts, a distress needs a measure, element deductions are a list of numbers);
- the **live grade** (:func:`live_grade`): the facility, the inspection being entered and its detail
  rows (or a waterlogging event) graded by the kind's standard exactly as the network assessment
  grades them (``core.assessment_inputs`` then ``core.standards.assess``), without writing anything.
  Input that cannot be graded yet gives a :class:`LiveGrade` without a result that says why and
  where: the facility field still missing, or the detail row and field at fault — an input error of
  the grading engine (``defects[2].grade: 5 is not a grade of PL (1-4)``) is traced back to the row
  it came from (:func:`locate`).

Pure Python: no QGIS, no Qt, no store.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from . import assessment_inputs as AI
from . import schema as S
from .standards import assess
from .standards.base import load_table
from .validation import QT_TRANSLATE_NOOP, P, ValidationError, validate_row

#: facility kind -> the detail table of its inspections (None: no inspection details)
DETAIL_TABLE: dict = dict(AI.DETAIL_TABLE)
#: Detail tables of an inspection (keyed by ``inspection_uid``).
INSPECTION_DETAIL_TABLES: tuple = tuple(t for t in DETAIL_TABLE.values() if t)

#: The columns a person enters, in the editor's order (the keys are the store's).
DETAIL_COLUMNS: dict = {
    "pipe_defect": ("code", "grade", "start_m", "end_m", "orientation"),
    "pavement_distress": ("type", "area_m2", "length_m", "dp"),
    "bridge_element": ("part", "instance", "instance_kind", "element", "mdp", "dps", "absent",
                       "single_item_control"),
    "tunnel_item": ("item", "value"),
}
EVENT_COLUMNS: tuple = ("event_on", "rainfall_mm", "return_period_yr", "max_depth_cm", "duration_min",
                        "building_ingress", "traffic_impact")

#: Facility fields each kind's standard needs (the live grade names the first one missing).
FACILITY_INPUTS: dict = {
    "drain_pipe": ("length_m", "diameter_mm", "area_class", "soil_class"),
    "road": ("road_class", "pavement_type", "length_m", "width_m"),
    "bridge": ("bridge_type",),
    "manhole": ("load_class", "cover_zone"),
}
#: Event fields GB 51222 needs.
EVENT_INPUTS: tuple = ("return_period_yr", "max_depth_cm", "duration_min")
#: Decimals the indices of a live result keep when they are written into an inspection.
INDEX_DECIMALS = 4

_PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000"


# --------------------------------------------------------------------------- choices
def _tunnel_items() -> tuple:
    t = load_table(AI.STANDARD_BY_KIND["tunnel"])
    return tuple((spec["name"], f"{spec['name']} ({code})") for code, spec in t["items"].items())


def _bridge_elements(group: str) -> tuple:
    t = load_table(AI.STANDARD_BY_KIND["bridge"])
    return tuple((spec["name"], f"{spec['name']} ({code})") for code, spec in t["elements"][group].items())


def _distress_types(pavement: Optional[str]) -> tuple:
    pavements = load_table(AI.STANDARD_BY_KIND["road"])["pavements"]
    names: list = []
    for p in ([pavement] if pavement in pavements else list(pavements)):
        spec = pavements[p]
        spec = pavements[spec["classes_from"]] if "classes_from" in spec else spec
        for members in spec["classes"].values():
            names += [n for n in members if n not in names]
    return tuple((n, n) for n in names)


def support_kind(row: Mapping, facility: Optional[Mapping]) -> Optional[str]:
    """Pier or abutment: the row's own ``instance_kind``, else as the assessment places it (the two
    ends of the bridge are abutments, the supports between them piers); None when unknown."""
    if row.get("instance_kind"):
        return row["instance_kind"]
    instance = row.get("instance")
    spans = (facility or {}).get("span_count")
    if not instance or not spans:
        return None
    return "abutment" if int(instance) in (1, int(spans) + 1) else "pier"


def choices(table: str, field: str, facility: Optional[Mapping] = None,
            row: Optional[Mapping] = None) -> Optional[tuple]:
    """``((value, label), …)`` a standard's tables offer for a detail field, or None when the field
    takes the schema's value list or free input. Labels are the standard's Chinese names with the
    engine's English code ("衬砌 (lining)")."""
    row = row or {}
    if table == "tunnel_item" and field == "item":
        return _tunnel_items()
    if table == "pavement_distress" and field == "type":
        return _distress_types((facility or {}).get("pavement_type"))
    if table == "bridge_element" and field == "element":
        part = row.get("part")
        if part == "deck":
            return _bridge_elements("deck")
        if part == "superstructure":
            return _bridge_elements("superstructure")
        if part == "substructure":
            kind = support_kind(row, facility)
            if kind:
                return _bridge_elements(kind)
            both = _bridge_elements("pier") + _bridge_elements("abutment")
            seen: set = set()
            return tuple(c for c in both if not (c[0] in seen or seen.add(c[0])))
        return ()
    return None


# --------------------------------------------------------------------------- record rules
def _dps(value) -> Optional[list]:
    if value in (None, ""):
        return None
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return out if isinstance(out, list) else []


def check_detail(table: str, row: Mapping, where: Any = "new") -> None:
    """The rules of a detail row beyond its single fields (the schema checks those); raises
    :class:`ValidationError` naming the field."""
    if table == "pipe_defect":
        start, end = row.get("start_m"), row.get("end_m")
        if start is not None and end is not None and end < start:
            raise ValidationError(table, where, "end_m", P(QT_TRANSLATE_NOOP("validation", "is {end} m, before the start chainage {start} m"),
                                                           end=f"{end:g}", start=f"{start:g}"))
    elif table == "pavement_distress":
        if all(row.get(k) is None for k in ("area_m2", "length_m", "dp")):
            raise ValidationError(table, where, "area_m2", P(QT_TRANSLATE_NOOP(
                "validation", "is needed: give the damaged area, the crack length or the deduction")))
    elif table == "bridge_element":
        dps = _dps(row.get("dps"))
        if dps is not None:
            bad = not dps or any(isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100
                                 for v in dps)
            if bad:
                raise ValidationError(table, where, "dps", P(QT_TRANSLATE_NOOP(
                    "validation", "must be deductions from 0 to 100 separated by commas, e.g. 20, 10")))


def parse_dps(text: Any) -> Any:
    """"20, 10" (or "20；10", or a JSON list) → [20.0, 10.0]; None for an empty text. Anything else is
    returned as it is, for validation to refuse."""
    if text is None or isinstance(text, (list, tuple)):
        return list(text) if text is not None else None
    text = str(text).strip()
    if not text:
        return None
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            return text
    out = []
    for part in re.split(r"[,，;；\s]+", text):
        if not part:
            continue
        try:
            out.append(float(part))
        except ValueError:
            return text
    return out


def format_dps(value: Any) -> str:
    """[20.0, 10.0] (or its JSON) → "20, 10"."""
    dps = _dps(value)
    if not dps:
        return "" if value in (None, "") else str(value)
    return ", ".join(_exact(v) for v in dps)


def _exact(v: Any) -> str:
    """A number as text that reads back to the same value (20.0 → "20", 12.345678 → "12.345678")."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return str(int(v)) if float(v).is_integer() else repr(float(v))


# --------------------------------------------------------------------------- engine errors → rows
def split_engine_error(message: str) -> tuple:
    """``"defects[2].grade: 5 is not …"`` → ``("defects[2].grade", "5 is not …")``; ("", message) without a path."""
    head, sep, tail = str(message).partition(": ")
    if not sep or " " in head.strip():
        return "", str(message)
    return head.strip(), tail


_INDEXED = re.compile(r"^(?P<list>\w+)\[(?P<i>\d+)\](?:\.(?P<rest>.*))?$")
_FACILITY_PATHS = {
    "drain_pipe": {"length_m": "length_m", "diameter_mm": "diameter_mm", "area_class": "area_class",
                   "soil_class": "soil_class"},
    "road": {"road_class": "road_class", "pavement": "pavement_type", "area_m2": "length_m",
             "length_m": "length_m", "width_m": "width_m"},
    "bridge": {"bridge_type": "bridge_type", "bridge_class": "bridge_class"},
    "manhole": {"load_class": "load_class", "zone": "cover_zone"},
}


def _tunnel_key(name: str) -> str:
    t = load_table(AI.STANDARD_BY_KIND["tunnel"])
    name = t["aliases"].get(name, name)
    for code, spec in t["items"].items():
        if name in (code, spec["name"]):
            return code
    return name


def locate(kind: str, path: str, rows: list, text: str = "") -> Optional[tuple]:
    """``(table, row, field)`` an engine input path points at, for a facility of ``kind`` whose detail
    rows (in the order given to the engine) are ``rows``; ``row`` is None for a facility or
    inspection field. None when the path points nowhere known."""
    if not path:
        return None
    facility = _FACILITY_PATHS.get(kind, {})
    if path in facility:
        return kind, None, facility[path]
    table = DETAIL_TABLE.get(kind)
    if kind == "drain_pipe" or kind == "road":
        m = _INDEXED.match(path)
        if m and m["list"] == ("defects" if kind == "drain_pipe" else "distresses") and int(m["i"]) < len(rows):
            field = (m["rest"] or "").split(".")[0].split("[")[0]
            default = "code" if kind == "drain_pipe" else "type"
            return table, int(m["i"]), field if field in S.table(table).field_names else default
        if kind == "road" and path == "iri":
            return "inspection", None, "indices"
        return None
    if kind == "tunnel":
        m = re.match(r"^items\.(?P<item>[^\[.]+)(?P<seg>\[\d+\])?", path)
        if not m:
            return None
        key = _tunnel_key(m["item"])
        hits = [i for i, r in enumerate(rows) if _tunnel_key(str(r.get("item") or "")) == key]
        if not hits:
            return None
        field = "value" if m["seg"] or "condition value" in text else "item"
        if m["seg"]:  # the engine counts the item's values sorted (see assessment_inputs.tunnel_data)
            order = sorted(hits, key=lambda i: rows[i].get("value") or 0)
            seg = int(m["seg"][1:-1])
            return table, order[seg] if seg < len(order) else hits[0], field
        return table, hits[0], field
    if kind == "bridge":
        m = re.match(r"^(?P<part>deck|superstructure|substructure)(?:\[(?P<i>\d+)\])?(?:\.(?P<rest>.*))?$", path)
        if not m:
            return None
        part, instance = m["part"], int(m["i"]) + 1 if m["i"] is not None else None
        rest = m["rest"] or ""
        same = [i for i, r in enumerate(rows) if r.get("part") == part
                and (instance is None or int(r.get("instance") or 1) == instance)]
        if not same:
            return None
        element, _, tail = rest.partition(".")
        element = element.split("[")[0]
        hits = [i for i in same if str(rows[i].get("element") or "") == element] if element else []
        if element == "kind":
            return table, same[0], "instance_kind"
        if not hits:
            return table, same[0], "element"
        row = rows[hits[0]]
        if "is not an element" in text:
            return table, hits[0], "element"
        field = "dps" if tail.startswith("dp") or (not tail and row.get("dps")) else "mdp"
        return table, hits[0], field
    return None


# --------------------------------------------------------------------------- the live grade
@dataclass(frozen=True)
class LiveGrade:
    """The grade a facility's inputs give now, or why they give none yet.

    ``result`` is the engine's :class:`~safe_municipal.core.standards.Assessment` (None when not
    gradable). Otherwise ``problem`` says why (a translatable :class:`~.validation.P`, or the
    engine's message) and ``table``/``row``/``field`` where: a facility field (``table`` = the
    kind, ``row`` None), an inspection field (``"inspection"``), a detail row (its table and its
    position, counted from 0, in the rows given) or an event (``"waterlogging_event"``, its position).
    """

    kind: str
    standard: Optional[str]
    result: Any = None
    problem: Any = None
    table: Optional[str] = None
    row: Any = None
    field: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def grade(self) -> Optional[str]:
        return self.result.grade if self.result is not None else None

    @property
    def reason(self) -> str:
        """"" when graded; else ``not gradable yet: pipe_defect row 2: field 'grade' is 5, above …``."""
        if self.ok:
            return ""
        if self.table and self.row is not None:
            where = f"{self.table} row {self.row}: field '{self.field}' "
        elif self.table and self.field:
            where = f"{self.table} field '{self.field}' "
        else:
            where = ""
        return f"not gradable yet: {where}{self.problem}"


def _not_yet(kind: str, standard: Optional[str], problem: Any, table: Optional[str] = None, row: Any = None,
             field: Optional[str] = None) -> LiveGrade:
    return LiveGrade(kind, standard, None, problem, table, row, field)


def _normalise(table: str, rows: Iterable, key: str, key_value: str) -> list:
    """Rows validated by the schema and the record rules (a ValidationError names the row)."""
    t = S.table(table)
    out = []
    for i, r in enumerate(rows):
        row = {k: v for k, v in dict(r).items() if k in t.field_names}
        row["uid"] = row.get("uid") or _PLACEHOLDER_UID
        row[key] = key_value or _PLACEHOLDER_UID
        norm = validate_row(t, row, i)
        check_detail(table, norm, i)
        out.append(norm)
    return out


def live_grade(kind: str, facility: Mapping, inspection: Optional[Mapping] = None, rows: Iterable = (),
               events: Optional[Iterable] = None, options: Optional[Mapping] = None) -> LiveGrade:
    """Grade ``facility`` (a row of table ``kind``) from an inspection and its detail rows — or, for a
    waterlogging point, from ``events`` (the latest counts) — as the network assessment would,
    without writing anything. ``options``: ``{standard: {option: value}}`` for the engine (the
    facility's own, e.g. a waterlogging point's design return period, are added)."""
    standard = AI.STANDARD_BY_KIND.get(kind)
    if standard is None:
        return _not_yet(kind, None, P(QT_TRANSLATE_NOOP("validation", "no standard grades this kind of facility")))
    for name in FACILITY_INPUTS.get(kind, ()):
        if facility.get(name) in (None, ""):
            return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "is not recorded for this facility (Identity and attributes tab)")),
                            kind, None, name)
    detail_rows: list = []
    event_rows: list = []
    if kind == "waterlogging_point":
        try:
            event_rows = _normalise("waterlogging_event", events or (), "facility_uid", facility.get("uid"))
        except ValidationError as e:
            return _not_yet(kind, standard, e.problem, e.table, e.row, e.field)
        for i, e in enumerate(event_rows):
            for name in EVENT_INPUTS:
                if e.get(name) is None:
                    return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "is needed to judge the event")),
                                    "waterlogging_event", i, name)
        if not event_rows:
            return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "no waterlogging event recorded")))
        inspection = None
    elif DETAIL_TABLE.get(kind):
        inspection = dict(inspection or {})
        given = inspection.get("standard")
        if given not in (None, "", standard):
            return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "is {given}: the details are graded by {standard}"),
                                              given=given, standard=standard), "inspection", None, "standard")
        table = DETAIL_TABLE[kind]
        try:
            detail_rows = _normalise(table, rows, "inspection_uid", inspection.get("uid"))
        except ValidationError as e:
            return _not_yet(kind, standard, e.problem, e.table, e.row, e.field)
        if not detail_rows:
            if kind == "tunnel":
                return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "enter the condition value of at least one item")))
            if kind == "bridge":
                return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "enter the deductions of the damaged elements")))
            if kind == "road" and "IRI" not in AI.indices_of(inspection):
                return _not_yet(kind, standard, P(QT_TRANSLATE_NOOP("validation", "enter the distresses, or the IRI under Indices")))
    try:
        standard, data = AI.build(kind, facility, inspection, detail_rows, event_rows)
    except AI.Skip as e:
        return _not_yet(kind, standard, str(e))
    opts = {**((options or {}).get(standard) or {}), **AI.facility_options(kind, facility)}
    try:
        result = assess(standard, data, opts or None)
    except ValueError as e:
        path, text = split_engine_error(str(e))
        where = locate(kind, path, event_rows if kind == "waterlogging_point" else detail_rows, text)
        if where is None and kind == "waterlogging_point" and path in S.table("waterlogging_event").field_names:
            where = ("waterlogging_event", len(event_rows) - 1, path)
        if where is None:
            return _not_yet(kind, standard, str(e))
        return _not_yet(kind, standard, text, *where)
    return LiveGrade(kind, standard, result)


def fill_from_live(kind: str, values: Mapping, live: LiveGrade, rows: Iterable = ()) -> dict:
    """An inspection's values with the grade, standard and indices of the live result filled in.

    Only when the grade was left empty, the details graded and there is something to grade (detail
    rows; for a road an IRI; for a pipe a CCTV survey, which without defects is grade Ⅰ). The
    engine's indices are written over those of the same name (rounded to :data:`INDEX_DECIMALS`);
    other entries of the indices (an IRI, a note) are kept. A grade typed by the inspector is
    never replaced.
    """
    out = dict(values)
    if not live.ok or out.get("grade") not in (None, ""):
        return out
    indices = AI.indices_of(out)
    something = bool(list(rows)) or (kind == "road" and "IRI" in indices) or (
        kind == "drain_pipe" and out.get("inspection_type") == "cctv")
    if not something:
        return out
    out["grade"] = live.result.grade
    out["standard"] = out.get("standard") or live.standard
    indices.update(live_indices(live))
    out["indices"] = indices
    return out


def live_indices(live: LiveGrade) -> dict:
    """The live result's indices as a record keeps them (rounded to :data:`INDEX_DECIMALS`)."""
    if not live.ok:
        return {}
    return {k: (round(v, INDEX_DECIMALS) + 0.0 if isinstance(v, float) else v) for k, v in live.result.index.items()}
