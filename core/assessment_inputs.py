"""The grading engine's ``data`` for one facility, from store rows (pure; no QGIS, no SQL).

:func:`build` maps a facility row, the inspection the assessment uses and that inspection's
detail rows (``pipe_defect``, ``pavement_distress``, ``bridge_element``, ``tunnel_item``) or the
point's ``waterlogging_event`` rows onto the input schema of docs/standards.md. Every key is mapped
explicitly: the engine rejects unknown keys. A facility that cannot be graded raises
:class:`Skip` with the reason.

Which inspection counts (:func:`gradable`): the latest inspection by the kind's standard that has
detail rows — or, for a pipe, any CCTV survey by CJJ 181 (a survey that found nothing is grade Ⅰ);
for a road, one whose ``indices`` JSON has an ``IRI``. Manholes need no inspection (their load
class and zone are on the facility); waterlogging points are judged by their latest event.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional

#: facility kind -> the standard it is graded by
STANDARD_BY_KIND: dict = {
    "drain_pipe": "CJJ181-2012",
    "road": "CJJ36-2016",
    "bridge": "CJJ99-2017",
    "tunnel": "JTGH12-2015",
    "waterlogging_point": "GB51222-2017",
    "manhole": "GBT23858-2009",
}
ASSESSED_KINDS: tuple = tuple(STANDARD_BY_KIND)
#: facility kind -> the detail table of its inspections (None: no inspection details)
DETAIL_TABLE: dict = {"drain_pipe": "pipe_defect", "road": "pavement_distress", "bridge": "bridge_element",
                      "tunnel": "tunnel_item", "waterlogging_point": None, "manhole": None}


class Skip(Exception):
    """The facility cannot be graded; ``str(e)`` says why."""


def indices_of(inspection: Optional[Mapping]) -> dict:
    raw = (inspection or {}).get("indices")
    if not raw:
        return {}
    if isinstance(raw, Mapping):
        return dict(raw)
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def gradable(kind: str, inspection: Optional[Mapping], details: Iterable) -> bool:
    """Whether ``inspection`` (with its detail rows) carries the inputs to grade a ``kind``."""
    if inspection is None:
        return False
    if kind == "drain_pipe":
        return True
    if kind == "road":
        return bool(list(details)) or "IRI" in indices_of(inspection)
    return bool(list(details))


def _need(row: Mapping, key: str, what: str) -> Any:
    value = row.get(key)
    if value is None or value == "":
        raise Skip(f"{what}: {key} is not recorded")
    return value


def _opt(out: dict, key: str, value: Any) -> None:
    if value is not None and value != "":
        out[key] = value


def pipe_data(facility: Mapping, inspection: Optional[Mapping], defects: Iterable) -> dict:
    if inspection is None:
        raise Skip("no CCTV survey")
    out = []
    for d in defects:
        item = {"code": d["code"], "grade": d["grade"], "start_m": d["start_m"]}
        _opt(item, "end_m", d.get("end_m"))
        if d.get("orientation") and str(d["code"]).upper() in ("PL", "FS", "SL"):
            item["orientation"] = d["orientation"]
        out.append(item)
    return {"length_m": _need(facility, "length_m", "pipe"), "diameter_mm": _need(facility, "diameter_mm", "pipe"),
            "area_class": _need(facility, "area_class", "pipe"), "soil_class": _need(facility, "soil_class", "pipe"),
            "defects": out}


def road_data(facility: Mapping, inspection: Optional[Mapping], distresses: Iterable) -> dict:
    if inspection is None:
        raise Skip("no pavement survey")
    length, width = _need(facility, "length_m", "road"), _need(facility, "width_m", "road")
    out = []
    for d in distresses:
        item = {"type": d["type"]}
        for key in ("dp", "area_m2", "length_m"):  # exactly one, the most direct first
            if d.get(key) is not None:
                item[key] = d[key]
                break
        else:
            raise Skip(f"distress {d['type']}: neither area, length nor deduction recorded")
        out.append(item)
    data = {"road_class": _need(facility, "road_class", "road"), "pavement": _need(facility, "pavement_type", "road"),
            "area_m2": float(length) * float(width), "distresses": out}
    iri = indices_of(inspection).get("IRI")
    if iri is not None:
        data["iri"] = iri
    return data


def _value(row: Mapping) -> Any:
    dps = row.get("dps")
    if dps:
        dps = json.loads(dps) if isinstance(dps, str) else dps
        return {"dp": list(dps)}
    return row.get("mdp") if row.get("mdp") is not None else 0


def _support_kinds(n_supports: int) -> list:
    return ["abutment" if i in (0, n_supports - 1) else "pier" for i in range(n_supports)]


def bridge_data(facility: Mapping, inspection: Optional[Mapping], elements: Iterable) -> dict:
    if inspection is None:
        raise Skip("no bridge inspection with element deductions")
    rows = list(elements)
    spans = max([int(facility.get("span_count") or 1)]
                + [int(r["instance"]) for r in rows if r["part"] == "superstructure" and r.get("instance")])
    supports = max([spans + 1] + [int(r["instance"]) for r in rows
                                  if r["part"] == "substructure" and r.get("instance")])
    deck: dict = {}
    sup: list = [{} for _ in range(spans)]
    sub: list = [{"kind": k} for k in _support_kinds(supports)]
    controls = []
    for r in sorted(rows, key=lambda r: (r["part"], r.get("instance") or 1, r.get("element") or "")):
        part, i = r["part"], int(r.get("instance") or 1) - 1
        target = deck if part == "deck" else sup[i] if part == "superstructure" else sub[i]
        if part == "substructure" and r.get("instance_kind"):
            target["kind"] = r["instance_kind"]
        element = r.get("element")
        if not element:
            continue
        if r.get("absent"):
            target.setdefault("absent", []).append(element)
            continue
        target[element] = _value(r)
        if r.get("single_item_control"):
            control = {"part": part, "element": element}
            if part != "deck":
                control["index"] = i
            controls.append(control)
    data = {"bridge_type": _need(facility, "bridge_type", "bridge"), "deck": deck, "superstructure": sup,
            "substructure": sub}
    _opt(data, "bridge_class", facility.get("bridge_class"))
    if controls:
        data["single_item_control"] = controls
    return data


def tunnel_data(facility: Mapping, inspection: Optional[Mapping], items: Iterable) -> dict:
    if inspection is None:
        raise Skip("no tunnel inspection with item values")
    out: dict = {}
    for r in items:
        out.setdefault(r["item"], []).append(int(r["value"]))
    if not out:
        raise Skip("no tunnel item values")
    return {"items": {k: (v[0] if len(v) == 1 else sorted(v)) for k, v in sorted(out.items())}}


def waterlogging_data(facility: Mapping, events: Iterable) -> dict:
    events = [e for e in events if e.get("event_on")]
    if not events:
        raise Skip("no waterlogging event recorded")
    e = max(events, key=lambda e: (str(e["event_on"]), str(e.get("uid") or "")))
    data = {"return_period_yr": _need(e, "return_period_yr", "event"),
            "max_depth_cm": _need(e, "max_depth_cm", "event"),
            "duration_min": _need(e, "duration_min", "event")}
    if e.get("building_ingress") is not None:
        data["building_ingress"] = bool(e["building_ingress"])
    return data


def manhole_data(facility: Mapping) -> dict:
    return {"load_class": _need(facility, "load_class", "manhole cover"),
            "zone": _need(facility, "cover_zone", "manhole cover")}


def facility_options(kind: str, facility: Mapping) -> dict:
    """Options a facility row sets for its own grading (a waterlogging point's design return period)."""
    if kind == "waterlogging_point" and facility.get("design_return_period_yr"):
        return {"design_return_period_yr": facility["design_return_period_yr"]}
    return {}


def build(kind: str, facility: Mapping, inspection: Optional[Mapping] = None, details: Iterable = (),
          events: Iterable = ()) -> tuple:
    """``(standard, data)`` to pass to ``assess`` for one facility; raises :class:`Skip`."""
    if kind == "drain_pipe":
        return STANDARD_BY_KIND[kind], pipe_data(facility, inspection, details)
    if kind == "road":
        return STANDARD_BY_KIND[kind], road_data(facility, inspection, details)
    if kind == "bridge":
        return STANDARD_BY_KIND[kind], bridge_data(facility, inspection, details)
    if kind == "tunnel":
        return STANDARD_BY_KIND[kind], tunnel_data(facility, inspection, details)
    if kind == "waterlogging_point":
        return STANDARD_BY_KIND[kind], waterlogging_data(facility, events)
    if kind == "manhole":
        return STANDARD_BY_KIND[kind], manhole_data(facility)
    raise Skip(f"{kind}: no grading standard")
