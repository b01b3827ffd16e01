"""A SWMM model (``core.swmm``) as rows of the store's facility tables. Pure Python.

=====================  ===================  ===================================================
SWMM                   table                fields
=====================  ===================  ===================================================
[JUNCTIONS] [DIVIDERS] manhole              code = name, usage, depth_m = full depth, notes
[CONDUITS]             drain_pipe           code, usage, diameter_mm, length_m, up/down manhole,
                                            up/down invert depth, geometry with the vertices
[STORAGE]              storage_facility     code, storage_type, capacity_m3, polygon
[OUTFALLS]             outfall              code, usage, outfall_type, invert_elevation_m, flap_gate
=====================  ===================  ===================================================

Lengths are converted to metres (feet for CFS/GPM/MGD models); coordinates stay in the model's units
and CRS: the caller transforms them. A manhole's depth is SWMM's full depth: MaxDepth, raised to the
crown of the highest conduit end at the node as the SWMM engine does (noted). A pipe's invert depth
at a manhole is that depth minus the conduit's offset (LINK_OFFSETS DEPTH: the offset; ELEVATION: the
offset elevation minus the node's invert, '*' or below it = 0). A conduit end at an outfall or storage
unit has no manhole: its manhole reference and invert depth stay empty.

Non-circular cross-sections get the hydraulic diameter 4A/P (``core.swmm.equivalent_diameter``) as
diameter_mm; the shape and its dimensions go into the notes. A storage unit without a polygon in
[Polygons] gets a square of its surface area at full depth, centred on its node (:class:`Square`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

from .schema import QT_TRANSLATE_NOOP
from .swmm import SwmmModel, equivalent_diameter, full_height, storage_area, storage_volume
from .validation import P

USAGES = ("storm", "sewage", "combined")
OUTFALL_TYPE = {"FREE": "free", "NORMAL": "free", "FIXED": "submerged", "TIDAL": "submerged",
                "TIMESERIES": "submerged"}
#: Words in a storage unit's name meaning a tank (else it is taken for a pond, or a lake).
TANK_WORDS = ("tank", "well", "shaft", "drop", "cistern", "vault", "chamber", "box", "池", "罐", "井", "箱")
LAKE_WORDS = ("lake", "湖")
MIN_SIDE_M = 1.0  # side of the square drawn for a storage unit without any surface area


@dataclass(frozen=True)
class NodeRef:
    """A reference to the row of ``table`` whose code is ``code`` (the importer's CodeRef)."""
    table: str
    code: str


@dataclass(frozen=True)
class Square:
    """A square of side ``side_m`` metres centred on the model point (x, y): the caller builds it in the
    store's CRS after transforming the centre."""
    x: float
    y: float
    side_m: float


@dataclass
class MappedRow:
    table: str
    source: int  # line of the object in the .inp file
    row: dict  # "geom": ("Point", (x, y)), ("LineString", [...]), ("Polygon", [ring]) or a Square


@dataclass
class MapRejection:
    source: int
    table: str
    field: str
    reason: str
    value: object = None


@dataclass
class SwmmRows:
    rows: list = field(default_factory=list)  # MappedRow, manholes first, then outfalls, storage, pipes
    rejected: list = field(default_factory=list)  # MapRejection
    warnings: list = field(default_factory=list)  # text
    not_imported: dict = field(default_factory=dict)  # section -> count (pumps, weirs, ...)

    def of(self, table: str) -> list:
        return [r for r in self.rows if r.table == table]


def _r(x: float, n: int = 3) -> float:
    return round(x + 0.0, n)


def storage_type(name: str) -> str:
    low = name.lower()
    if any(w in low for w in TANK_WORDS):
        return "tank"
    if any(w in low for w in LAKE_WORDS):
        return "lake"
    return "pond"


def node_depths(model: SwmmModel) -> dict:
    """Full depth (model units) of every junction and divider: MaxDepth raised to the crown (offset +
    full height) of each conduit end at it, as SWMM does. Returns name -> (depth, raised_by_conduit)."""
    out = {n.name: (n.max_depth, None) for n in model.nodes_of("junction", "divider")}
    for c in model.conduits.values():
        x = model.xsections.get(c.name)
        h = full_height(x) if x is not None else None
        if h is None:
            continue
        for node_name, off in ((c.from_node, c.in_offset), (c.to_node, c.out_offset)):
            if node_name not in out:
                continue
            crown = offset_height(model, node_name, off)[0] + h
            if crown > out[node_name][0] + 1e-9:
                out[node_name] = (crown, c.name)
    return out


def offset_height(model: SwmmModel, node_name: str, offset: Optional[float]) -> tuple:
    """(height of a conduit end above the node's invert, problem or None), model units."""
    if model.link_offsets == "ELEVATION":
        if offset is None:
            return 0.0, None
        h = offset - model.nodes[node_name].elevation
        if h < -0.001 * (1.0 if model.us_units else 0.3048):
            return 0.0, P(QT_TRANSLATE_NOOP("swmm", "offset elevation {value} below the invert of node {node}: "
                                                    "taken as 0"), value=offset, node=node_name)
        return max(h, 0.0), None
    if offset is not None and offset < 0:
        return 0.0, P(QT_TRANSLATE_NOOP("swmm", "negative offset {value} at node {node}: taken as 0"),
                      value=offset, node=node_name)
    return (offset or 0.0), None


def model_to_rows(model: SwmmModel, usage: str = "storm", text: Callable = str) -> SwmmRows:
    """Rows for manhole, outfall, storage_facility and drain_pipe from ``model`` (see the module
    docstring). ``usage`` (storm, sewage, combined) goes to pipes, manholes and outfalls; ``text`` turns
    a :class:`core.validation.P` into the user's language (notes, reasons, warnings; default English)."""
    if usage not in USAGES:
        raise ValueError(f"usage must be one of {', '.join(USAGES)}, not {usage!r}")
    out = SwmmRows(warnings=[text(w) for w in model.warnings])
    for section, n in model.counts.items():
        if n:
            out.not_imported[section] = n
    f = model.length_factor
    depths = node_depths(model)
    for node in model.nodes.values():
        table = {"junction": "manhole", "divider": "manhole", "outfall": "outfall", "storage": "storage_facility"}[
            node.kind]
        xy = model.coordinates.get(node.name)
        if table == "storage_facility":
            _storage_row(model, node, xy, f, text, out)
            continue
        if xy is None:
            out.rejected.append(MapRejection(node.line, table, "geom", text(P(QT_TRANSLATE_NOOP(
                "swmm", "node {name} has no coordinates in [COORDINATES]"), name=node.name)), node.name))
            continue
        row = {"code": node.name, "usage": usage, "geom": ("Point", xy)}
        if table == "manhole":
            depth, raised_by = depths[node.name]
            row["depth_m"] = _r(depth * f)
            notes = [P(QT_TRANSLATE_NOOP("swmm", "SWMM {kind} {name}: invert elevation {invert} m, rim "
                                                 "elevation {rim} m"),
                       kind=node.kind, name=node.name, invert=_r(node.elevation * f),
                       rim=_r((node.elevation + depth) * f))]
            if raised_by is not None:
                notes.append(P(QT_TRANSLATE_NOOP("swmm", "MaxDepth {given} m raised to the crown of conduit "
                                                         "{conduit}"),
                               given=_r(node.max_depth * f), conduit=raised_by))
        else:
            row.update(outfall_type=OUTFALL_TYPE[node.outfall_type], invert_elevation_m=_r(node.elevation * f),
                       flap_gate=node.gated)
            notes = [P(QT_TRANSLATE_NOOP("swmm", "SWMM outfall {name}: {kind}"), name=node.name,
                       kind=node.outfall_type + (" " + node.stage if node.stage else ""))]
        row["notes"] = "; ".join(text(n) for n in notes)
        out.rows.append(MappedRow(table, node.line, row))
    for c in model.conduits.values():
        _pipe_row(model, c, depths, f, usage, text, out)
    order = {"manhole": 0, "outfall": 1, "storage_facility": 2, "drain_pipe": 3}
    out.rows.sort(key=lambda r: order[r.table])
    return out


def _storage_row(model: SwmmModel, node, xy, f: float, text: Callable, out: SwmmRows) -> None:
    table = "storage_facility"

    def reject(fld, problem, value=None):
        out.rejected.append(MapRejection(node.line, table, fld, text(problem), value))

    try:
        volume = storage_volume(node, model.curves, node.max_depth)
        area = storage_area(node, model.curves, node.max_depth)
    except (ArithmeticError, ValueError):
        volume = area = math.nan
    if volume is None:
        return reject("capacity_m3", P(QT_TRANSLATE_NOOP("swmm", "storage curve {curve} is not in [CURVES]"),
                                       curve=node.curve), node.curve)
    if not math.isfinite(volume) or volume < 0:
        return reject("capacity_m3", P(QT_TRANSLATE_NOOP("swmm", "the storage shape gives no volume at full "
                                                                 "depth")), node.params)
    notes = [P(QT_TRANSLATE_NOOP("swmm", "SWMM storage unit {name}: invert elevation {invert} m, full depth "
                                         "{depth} m, shape {shape}"),
               name=node.name, invert=_r(node.elevation * f), depth=_r(node.max_depth * f),
               shape=node.shape + (" " + node.curve if node.curve else
                                   " " + " ".join(f"{p:g}" for p in node.params)))]
    ring = model.polygons.get(node.name)
    if ring is not None and len({tuple(p) for p in ring}) >= 3:
        ring = list(ring) + ([ring[0]] if tuple(ring[0]) != tuple(ring[-1]) else [])
        geom = ("Polygon", [ring])
    elif xy is not None:
        area_m2 = (area or 0.0) * f * f if area is not None and math.isfinite(area) else 0.0
        side = math.sqrt(area_m2) if area_m2 > 0 else MIN_SIDE_M
        geom = Square(xy[0], xy[1], _r(side))
        notes.append(P(QT_TRANSLATE_NOOP("swmm", "drawn as a {side} m square of its surface area at full depth "
                                                 "around its node"), side=_r(side, 2)))
    else:
        return reject("geom", P(QT_TRANSLATE_NOOP("swmm", "storage unit {name} has neither coordinates nor a "
                                                          "polygon"), name=node.name), node.name)
    row = {"code": node.name, "storage_type": storage_type(node.name), "capacity_m3": _r(volume * f ** 3, 2),
           "notes": "; ".join(text(n) for n in notes), "geom": geom}
    out.rows.append(MappedRow(table, node.line, row))


def _pipe_row(model: SwmmModel, c, depths: dict, f: float, usage: str, text: Callable, out: SwmmRows) -> None:
    table = "drain_pipe"

    def reject(fld, problem, value=None):
        out.rejected.append(MapRejection(c.line, table, fld, text(problem), value))

    for fld, node_name in (("up_manhole_uid", c.from_node), ("down_manhole_uid", c.to_node)):
        if node_name not in model.nodes:
            return reject(fld, P(QT_TRANSLATE_NOOP("swmm", "conduit {name}: node {node} is not defined"),
                                 name=c.name, node=node_name), node_name)
    pts = []
    for node_name, extra in ((c.from_node, model.vertices.get(c.name, [])), (c.to_node, [])):
        xy = model.coordinates.get(node_name)
        if xy is None:
            return reject("geom", P(QT_TRANSLATE_NOOP("swmm", "conduit {name}: node {node} has no coordinates"),
                                    name=c.name, node=node_name), node_name)
        pts.append(xy)
        pts.extend(extra)
    x = model.xsections.get(c.name)
    if x is None:
        return reject("diameter_mm", P(QT_TRANSLATE_NOOP("swmm", "conduit {name} has no [XSECTIONS] line"),
                                       name=c.name), c.name)
    size, method = equivalent_diameter(x)
    if size is None or size <= 0:
        return reject("diameter_mm", P(QT_TRANSLATE_NOOP("swmm", "conduit {name}: cross-section {shape} has no "
                                                                 "diameter"), name=c.name, shape=x.shape),
                      x.shape)
    row = {"code": c.name, "usage": usage, "diameter_mm": int(round(size * f * 1000.0)),
           "length_m": _r(c.length * f), "geom": ("LineString", pts)}
    notes = [P(QT_TRANSLATE_NOOP("swmm", "SWMM conduit {name} from {a} to {b}"), name=c.name, a=c.from_node,
               b=c.to_node)]
    if method != "diameter":
        dims = " × ".join(f"{_r(g * f)}" for g in x.geom if g)
        notes.append(P(QT_TRANSLATE_NOOP("swmm", "{shape} {dims} m; diameter = hydraulic diameter 4A/P")
                       if method == "hydraulic" else
                       QT_TRANSLATE_NOOP("swmm", "{shape} {dims} m; diameter = full height"),
                       shape=x.shape, dims=dims))
    elif x.shape != "CIRCULAR":
        notes.append(P(QT_TRANSLATE_NOOP("swmm", "cross-section {shape}"), shape=x.shape))
    if x.barrels > 1:
        notes.append(P(QT_TRANSLATE_NOOP("swmm", "{n} barrels"), n=x.barrels))
    for end, node_name, off in (("up", c.from_node, c.in_offset), ("down", c.to_node, c.out_offset)):
        node = model.nodes[node_name]
        if node.kind not in ("junction", "divider"):
            row[f"{end}_manhole_uid"] = None
            continue
        row[f"{end}_manhole_uid"] = NodeRef("manhole", node_name)
        height, problem = offset_height(model, node_name, off)
        if problem is not None:
            out.warnings.append(text(P(QT_TRANSLATE_NOOP("swmm", "line {line}: conduit {name}: {problem}"),
                                       line=c.line, name=c.name, problem=text(problem))))
        row[f"{end}_invert_depth_m"] = _r((depths[node_name][0] - height) * f)
    row["notes"] = "; ".join(text(n) for n in notes)
    out.rows.append(MappedRow(table, c.line, row))
