"""EPA SWMM 5 input files (``.inp``): a tolerant reader and the hydraulic figures the import needs.

Pure Python (no QGIS, Qt or GDAL). :func:`parse_inp` reads the text into a :class:`SwmmModel` holding
what the facility import uses — junctions, dividers, outfalls, storage units, conduits, cross-sections,
coordinates, vertices, polygons and storage curves — in the model's own units (feet for CFS/GPM/MGD
flow units, metres for CMS/LPS/MLD). ``core.swmm_rows`` maps the model onto store rows.

Tolerant of what SWMM itself accepts: section names in any case, ``;`` comments (so ``;;`` header
lines), spaces or tabs, ``"quoted names"``, blank lines, sections it does not use (skipped; a section
SWMM does not know is skipped with a warning). Not tolerant of bad data in a section it reads: a
missing value or a text where a number belongs raises :class:`SwmmParseError` naming the line number
and the section. Pumps, orifices, weirs, outlets and subcatchments are counted, not read.

Formats follow the SWMM 5.2 user's manual (appendix D); the hydraulic formulas (full cross-section
areas and hydraulic radii, storage surface-area shapes, end-area volume of a storage curve) are those
the SWMM 5 engine uses, written here from their definitions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

from .schema import QT_TRANSLATE_NOOP
from .validation import P

TR_CONTEXT = "swmm"
FOOT = 0.3048  # metres; SWMM's US customary length unit is the international foot
US_FLOW_UNITS = ("CFS", "GPM", "MGD")
SI_FLOW_UNITS = ("CMS", "LPS", "MLD")

#: Every section name SWMM 5.2 knows (upper case); any other is skipped with a warning.
KNOWN_SECTIONS = frozenset((
    "TITLE", "OPTIONS", "REPORT", "FILES", "RAINGAGES", "HYDROGRAPHS", "EVAPORATION", "TEMPERATURE",
    "ADJUSTMENTS", "SUBCATCHMENTS", "SUBAREAS", "INFILTRATION", "LID_CONTROLS", "LID_USAGE", "AQUIFERS",
    "GROUNDWATER", "GWF", "SNOWPACKS", "JUNCTIONS", "OUTFALLS", "DIVIDERS", "STORAGE", "CONDUITS", "PUMPS",
    "ORIFICES", "WEIRS", "OUTLETS", "XSECTIONS", "TRANSECTS", "STREETS", "INLETS", "INLET_USAGE", "LOSSES",
    "CONTROLS", "POLLUTANTS", "LANDUSES", "COVERAGES", "LOADINGS", "BUILDUP", "WASHOFF", "TREATMENT",
    "INFLOWS", "DWF", "RDII", "UNITHYDROGRAPHS", "CURVES", "TIMESERIES", "PATTERNS", "MAP", "POLYGONS",
    "COORDINATES", "VERTICES", "LABELS", "SYMBOLS", "BACKDROP", "TAGS", "PROFILES", "EVENTS",
))
#: Sections counted and reported as not imported (object name first on each line).
COUNTED_SECTIONS = ("PUMPS", "ORIFICES", "WEIRS", "OUTLETS", "SUBCATCHMENTS")

OUTFALL_TYPES = ("FREE", "NORMAL", "FIXED", "TIDAL", "TIMESERIES")
STORAGE_SHAPES = ("FUNCTIONAL", "TABULAR", "CYLINDRICAL", "CONICAL", "PARABOLOID", "PYRAMIDAL")
DIVIDER_TYPES = {"OVERFLOW": 0, "CUTOFF": 1, "TABULAR": 1, "WEIR": 3}  # parameters before MaxDepth

#: Closed shapes given by their height alone: full area / y², full hydraulic radius / y (SWMM 5).
_SHAPE_RATIOS = {
    "EGG": (0.5105, 0.1931), "HORSESHOE": (0.8293, 0.2538), "GOTHIC": (0.6554, 0.2269),
    "CATENARY": (0.70277, 0.23172), "SEMIELLIPTICAL": (0.785, 0.242), "BASKETHANDLE": (0.7862, 0.2464),
    "SEMICIRCULAR": (1.2697, 0.2946),
}
#: Shapes without a full height the import can use as a size.
NO_SIZE_SHAPES = ("IRREGULAR", "STREET", "DUMMY")


class SwmmParseError(ValueError):
    """A line the reader cannot use. ``line`` (1-based), ``section`` (e.g. ``CONDUITS``) and ``problem``
    (a :class:`core.validation.P` under :data:`TR_CONTEXT`) say where and what."""

    def __init__(self, source: str, line: int, section: Optional[str], problem: str):
        self.source, self.line, self.section, self.problem = source, line, section, problem
        where = f"[{section}]" if section else "(before any section)"
        super().__init__(f"{source or 'SWMM file'} line {line} {where}: {problem}")


# --------------------------------------------------------------------------- model
@dataclass
class Node:
    """A junction, flow divider, outfall or storage unit. Lengths in the model's units."""
    name: str
    kind: str  # 'junction', 'divider', 'outfall' or 'storage'
    line: int
    elevation: float  # invert elevation
    max_depth: float = 0.0  # junctions, dividers, storage units
    outfall_type: str = ""  # outfalls: FREE, NORMAL, FIXED, TIDAL, TIMESERIES
    stage: Optional[str] = None  # outfalls: fixed stage, tide curve or time series (as written)
    gated: bool = False  # outfalls: flap gate
    shape: str = ""  # storage: FUNCTIONAL, TABULAR, ...
    params: tuple = ()  # storage: the three shape numbers (FUNCTIONAL: a, b, c of A = a·d^b + c)
    curve: Optional[str] = None  # storage TABULAR: the area curve


@dataclass
class Conduit:
    name: str
    line: int
    from_node: str
    to_node: str
    length: float
    roughness: float
    in_offset: Optional[float]  # None: '*' (ELEVATION offsets: at the node's invert)
    out_offset: Optional[float]


@dataclass
class XSection:
    link: str
    line: int
    shape: str
    geom: tuple  # Geom1..Geom4 (missing ones 0)
    barrels: int = 1
    curve: Optional[str] = None  # CUSTOM: shape curve; IRREGULAR: transect; STREET: street


@dataclass
class SwmmModel:
    source: str = ""
    title: str = ""
    flow_units: str = "CFS"  # SWMM's default
    link_offsets: str = "DEPTH"
    map_units: str = ""  # [MAP] Units: FEET, METERS, DEGREES, NONE (or empty)
    nodes: dict = field(default_factory=dict)  # name -> Node (junctions, dividers, outfalls, storage)
    conduits: dict = field(default_factory=dict)  # name -> Conduit
    xsections: dict = field(default_factory=dict)  # link name -> XSection
    coordinates: dict = field(default_factory=dict)  # node name -> (x, y)
    vertices: dict = field(default_factory=dict)  # link name -> [(x, y), ...]
    polygons: dict = field(default_factory=dict)  # subcatchment or storage name -> [(x, y), ...]
    curves: dict = field(default_factory=dict)  # name -> (type, [(x, y), ...])
    counts: dict = field(default_factory=dict)  # counted section -> number of objects
    warnings: list = field(default_factory=list)  # P texts

    @property
    def us_units(self) -> bool:
        return self.flow_units in US_FLOW_UNITS

    @property
    def length_factor(self) -> float:
        """Metres per model length unit (0.3048 for US units, 1 for SI)."""
        return FOOT if self.us_units else 1.0

    def nodes_of(self, *kinds: str) -> list:
        return [n for n in self.nodes.values() if n.kind in kinds]


# --------------------------------------------------------------------------- tokens
def tokens(line: str) -> list:
    """SWMM's tokenizer: the text before ``;``, split on spaces and tabs; ``"a b"`` is one token."""
    text = line.split(";", 1)[0]
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\f\v":
            i += 1
        elif c == '"':
            j = text.find('"', i + 1)
            j = n if j < 0 else j
            out.append(text[i + 1:j])
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n\f\v":
                j += 1
            out.append(text[i:j])
            i = j
    return out


class _Lines:
    """The data line being read, to raise errors that name it."""

    def __init__(self, source: str):
        self.source, self.no, self.section = source, 0, None

    def fail(self, problem) -> SwmmParseError:
        return SwmmParseError(self.source, self.no, self.section, problem)

    def need(self, tok: list, n: int, what: str) -> None:
        if len(tok) < n:
            raise self.fail(P(QT_TRANSLATE_NOOP("swmm", "{what} needs at least {n} values, found {found}"),
                              what=what, n=n, found=len(tok)))

    def number(self, tok: list, i: int, what: str, default: Optional[float] = None) -> float:
        if i >= len(tok):
            if default is None:
                raise self.fail(P(QT_TRANSLATE_NOOP("swmm", "{what} is missing"), what=what))
            return default
        try:
            v = float(tok[i])
        except ValueError:
            v = math.nan
        if not math.isfinite(v):
            raise self.fail(P(QT_TRANSLATE_NOOP("swmm", "{what} is not a number: {value}"), what=what,
                              value=tok[i]))
        return v

    def offset(self, tok: list, i: int, what: str) -> Optional[float]:
        if i < len(tok) and tok[i] == "*":
            return None
        return self.number(tok, i, what, 0.0)

    def keyword(self, tok: list, i: int, what: str, allowed) -> str:
        word = tok[i].upper() if i < len(tok) else ""
        if word not in allowed:
            raise self.fail(P(QT_TRANSLATE_NOOP("swmm", "{what} must be one of {allowed}, found {value}"),
                              what=what, allowed=", ".join(allowed), value=word or "nothing"))
        return word


# --------------------------------------------------------------------------- parser
def read_inp(path) -> SwmmModel:
    """Parse the file at ``path``; its encoding (UTF-8 or GB18030) is guessed from its bytes."""
    from pathlib import Path

    from .field_mapping import detect_encoding

    p = Path(path)
    raw = p.read_bytes()
    encoding = detect_encoding([raw])
    return parse_inp(raw.decode(encoding, errors="replace"), source=p.name)


def parse_inp(text: str, source: str = "") -> SwmmModel:
    """Parse the text of a SWMM 5 ``.inp`` file (see the module docstring)."""
    m = SwmmModel(source=source)
    at = _Lines(source)
    section, seen_header, title = None, False, []
    if text.startswith("\ufeff"):
        text = text[1:]
    for no, raw in enumerate(text.splitlines(), start=1):
        at.no = no
        stripped = raw.split(";", 1)[0].strip()
        if not stripped:
            continue
        if stripped.startswith("["):
            name = stripped[1:stripped.index("]")] if "]" in stripped else stripped[1:]
            section = name.strip().upper()
            at.section, seen_header = section, True
            if section not in KNOWN_SECTIONS:
                m.warnings.append(P(QT_TRANSLATE_NOOP("swmm", "line {line}: unknown section [{section}] skipped"),
                                    line=no, section=name.strip()))
            elif section in COUNTED_SECTIONS:
                m.counts.setdefault(section, 0)
            continue
        if section is None:
            raise at.fail(P(QT_TRANSLATE_NOOP("swmm", "data before the first [SECTION] header: "
                                                      "this is not a SWMM input file")))
        if section == "TITLE":
            title.append(raw.strip())
            continue
        tok = tokens(raw)
        if not tok:
            continue
        reader = _READERS.get(section)
        if reader is not None:
            reader(m, at, tok)
        elif section in COUNTED_SECTIONS:
            m.counts[section] = m.counts.get(section, 0) + 1
    if not seen_header:
        raise SwmmParseError(source, 0, None, P(QT_TRANSLATE_NOOP(
            "swmm", "no [SECTION] header: this is not a SWMM input file")))
    m.title = "\n".join(title)
    if m.flow_units not in US_FLOW_UNITS + SI_FLOW_UNITS:
        m.warnings.append(P(QT_TRANSLATE_NOOP("swmm", "unknown FLOW_UNITS {units}: lengths read as feet"),
                            units=m.flow_units))
    return m


def _option(m: SwmmModel, at: _Lines, tok: list) -> None:
    key = tok[0].upper()
    value = tok[1].upper() if len(tok) > 1 else ""
    if key == "FLOW_UNITS":
        m.flow_units = value
    elif key == "LINK_OFFSETS":
        m.link_offsets = at.keyword(tok, 1, "LINK_OFFSETS", ("DEPTH", "ELEVATION"))


def _map(m: SwmmModel, at: _Lines, tok: list) -> None:
    if tok[0].upper() == "UNITS" and len(tok) > 1:
        m.map_units = tok[1].upper()


def _add_node(m: SwmmModel, at: _Lines, node: Node) -> None:
    if node.name in m.nodes:
        raise at.fail(P(QT_TRANSLATE_NOOP("swmm", "node {name} is defined twice (first on line {line})"),
                        name=node.name, line=m.nodes[node.name].line))
    m.nodes[node.name] = node


def _junction(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 2, "a junction")
    _add_node(m, at, Node(tok[0], "junction", at.no, at.number(tok, 1, "Elevation"),
                          max_depth=at.number(tok, 2, "MaxDepth", 0.0)))


def _divider(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 4, "a divider")
    kind = at.keyword(tok, 3, "the divider type", tuple(DIVIDER_TYPES))
    i = 4 + DIVIDER_TYPES[kind]
    _add_node(m, at, Node(tok[0], "divider", at.no, at.number(tok, 1, "Elevation"),
                          max_depth=at.number(tok, i, "MaxDepth", 0.0)))


def _outfall(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 3, "an outfall")
    kind = at.keyword(tok, 2, "the outfall type", OUTFALL_TYPES)
    i, stage = 3, None
    if kind in ("FIXED", "TIDAL", "TIMESERIES"):
        at.need(tok, 4, "a " + kind + " outfall")
        stage = tok[3]
        if kind == "FIXED":
            at.number(tok, 3, "the fixed stage")
        i = 4
    gated = False
    if i < len(tok):
        gated = at.keyword(tok, i, "Gated", ("YES", "NO")) == "YES"
    _add_node(m, at, Node(tok[0], "outfall", at.no, at.number(tok, 1, "Elevation"), outfall_type=kind,
                          stage=stage, gated=gated))


def _storage(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 6, "a storage unit")
    elev, depth = at.number(tok, 1, "Elevation"), at.number(tok, 2, "MaxDepth")
    at.number(tok, 3, "InitDepth")
    shape = at.keyword(tok, 4, "the storage shape", STORAGE_SHAPES)
    curve, params = None, ()
    if shape == "TABULAR":
        curve = tok[5]
    else:
        at.need(tok, 8, "a " + shape + " storage unit")
        params = tuple(at.number(tok, i, f"shape parameter {i - 4}") for i in (5, 6, 7))
    _add_node(m, at, Node(tok[0], "storage", at.no, elev, max_depth=depth, shape=shape, params=params,
                          curve=curve))


def _conduit(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 5, "a conduit")
    c = Conduit(tok[0], at.no, tok[1], tok[2], at.number(tok, 3, "Length"), at.number(tok, 4, "Roughness"),
                at.offset(tok, 5, "InOffset"), at.offset(tok, 6, "OutOffset"))
    if c.name in m.conduits:
        raise at.fail(P(QT_TRANSLATE_NOOP("swmm", "conduit {name} is defined twice (first on line {line})"),
                        name=c.name, line=m.conduits[c.name].line))
    m.conduits[c.name] = c


def _xsection(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 3, "a cross-section")
    shape = tok[1].upper()
    if shape in ("IRREGULAR", "STREET"):
        m.xsections[tok[0]] = XSection(tok[0], at.no, shape, (0.0, 0.0, 0.0, 0.0), curve=tok[2])
        return
    if shape == "CUSTOM":  # Link CUSTOM Geom1 Curve (Barrels)
        at.need(tok, 4, "a CUSTOM cross-section")
        m.xsections[tok[0]] = XSection(tok[0], at.no, shape, (at.number(tok, 2, "Geom1"), 0.0, 0.0, 0.0),
                                       barrels=int(at.number(tok, 4, "Barrels", 1.0)), curve=tok[3])
        return
    geom = tuple(at.number(tok, i, f"Geom{i - 1}", 0.0) for i in (2, 3, 4, 5))
    barrels = int(at.number(tok, 6, "Barrels", 1.0))
    m.xsections[tok[0]] = XSection(tok[0], at.no, shape, geom, barrels=max(barrels, 1))


def _point(at: _Lines, tok: list) -> tuple:
    at.need(tok, 3, "a point")
    return at.number(tok, 1, "X"), at.number(tok, 2, "Y")


def _coordinate(m: SwmmModel, at: _Lines, tok: list) -> None:
    xy = _point(at, tok)
    if tok[0] in m.coordinates:
        m.warnings.append(P(QT_TRANSLATE_NOOP("swmm", "line {line}: second coordinates of node {name} ignored"),
                            line=at.no, name=tok[0]))
        return
    m.coordinates[tok[0]] = xy


def _vertex(m: SwmmModel, at: _Lines, tok: list) -> None:
    m.vertices.setdefault(tok[0], []).append(_point(at, tok))


def _polygon(m: SwmmModel, at: _Lines, tok: list) -> None:
    m.polygons.setdefault(tok[0], []).append(_point(at, tok))


def _curve(m: SwmmModel, at: _Lines, tok: list) -> None:
    at.need(tok, 2, "a curve")
    i, kind = 1, ""
    try:
        float(tok[1])
    except ValueError:
        kind, i = tok[1].upper(), 2
    values = [at.number(tok, j, "a curve value") for j in range(i, len(tok))]
    if len(values) % 2:
        raise at.fail(P(QT_TRANSLATE_NOOP("swmm", "curve {name}: the values are not in x y pairs"), name=tok[0]))
    old_kind, pts = m.curves.get(tok[0], ("", []))
    pts.extend(zip(values[0::2], values[1::2]))
    m.curves[tok[0]] = (old_kind or kind, pts)


_READERS = {
    "OPTIONS": _option, "MAP": _map, "JUNCTIONS": _junction, "DIVIDERS": _divider, "OUTFALLS": _outfall,
    "STORAGE": _storage, "CONDUITS": _conduit, "XSECTIONS": _xsection, "COORDINATES": _coordinate,
    "VERTICES": _vertex, "POLYGONS": _polygon, "CURVES": _curve,
}


# --------------------------------------------------------------------------- hydraulics
def full_height(x: XSection) -> Optional[float]:
    """The cross-section's full height (model units); None for shapes without one (irregular, street)."""
    if x.shape in NO_SIZE_SHAPES:
        return None
    if x.shape == "FILLED_CIRCULAR":
        return max(x.geom[0] - x.geom[1], 0.0)
    return x.geom[0]


def equivalent_diameter(x: XSection) -> tuple:
    """``(diameter, method)`` in model units for a pipe's size.

    Circular pipes (CIRCULAR, FORCE_MAIN, FILLED_CIRCULAR: the pipe's own diameter) give their diameter
    (``method`` 'diameter'). Other shapes whose full area A and wetted perimeter P are known give the
    hydraulic diameter 4A/P ('hydraulic'), which equals the diameter for a circle and keeps the full-flow
    hydraulic radius: RECT_CLOSED (Geom1 height, Geom2 width), RECT_OPEN (three walls wetted),
    TRAPEZOIDAL (height, bottom width, two side slopes), TRIANGULAR (height, top width), and the
    standard shapes sized by height alone (EGG, HORSESHOE, GOTHIC, CATENARY, SEMIELLIPTICAL,
    BASKETHANDLE, SEMICIRCULAR). Any other shape with a height gives the height ('height');
    IRREGULAR, STREET and DUMMY give ``(None, 'none')``.
    """
    s, g = x.shape, x.geom
    if s in ("CIRCULAR", "FORCE_MAIN", "FILLED_CIRCULAR"):
        return g[0], "diameter"
    if s in NO_SIZE_SHAPES or g[0] <= 0:
        return None, "none"
    h = g[0]
    if s in _SHAPE_RATIOS:
        return 4.0 * _SHAPE_RATIOS[s][1] * h, "hydraulic"
    if s == "RECT_CLOSED" and g[1] > 0:
        return 4.0 * h * g[1] / (2.0 * (h + g[1])), "hydraulic"
    if s == "RECT_OPEN" and g[1] > 0:
        return 4.0 * h * g[1] / (2.0 * h + g[1]), "hydraulic"
    if s == "TRAPEZOIDAL" and (g[1] > 0 or g[2] + g[3] > 0):
        area = (g[1] + 0.5 * (g[2] + g[3]) * h) * h
        wet = g[1] + h * (math.sqrt(1 + g[2] ** 2) + math.sqrt(1 + g[3] ** 2))
        return 4.0 * area / wet, "hydraulic"
    if s == "TRIANGULAR" and g[1] > 0:
        area = 0.5 * g[1] * h
        wet = 2.0 * math.hypot(h, g[1] / 2.0)
        return 4.0 * area / wet, "hydraulic"
    return h, "height"


def storage_area(node: Node, curves: dict, depth: float) -> Optional[float]:
    """Surface area of a storage unit at ``depth`` (model units); None when its curve is missing."""
    if node.shape == "TABULAR":
        pts = _curve_points(node, curves)
        if pts is None:
            return None
        return _table_area(pts, depth)
    if node.shape == "FUNCTIONAL":
        a, b, c = node.params
        return c + a * (depth ** b if depth > 0 else (1.0 if b == 0 else 0.0))
    a0, a1, a2 = _area_polynomial(node)
    return a0 + depth * (a1 + depth * a2)


def storage_volume(node: Node, curves: dict, depth: float) -> Optional[float]:
    """Volume of a storage unit filled to ``depth`` (model units³); None when its curve is missing.

    FUNCTIONAL A = a·d^b + c integrates to c·d + a/(b+1)·d^(b+1); the 5.2 shapes (CYLINDRICAL,
    CONICAL, PARABOLOID, PYRAMIDAL) are polynomials in d; a TABULAR curve is integrated by the end-area
    (trapezoid) rule, the area growing linearly from 0 below its first depth and extrapolated along its
    last segment (never below 0) beyond its last depth — as SWMM does.
    """
    if depth <= 0:
        return 0.0
    if node.shape == "TABULAR":
        pts = _curve_points(node, curves)
        return None if pts is None else _table_volume(pts, depth)
    if node.shape == "FUNCTIONAL":
        a, b, c = node.params
        return c * depth + a / (b + 1.0) * depth ** (b + 1.0)
    a0, a1, a2 = _area_polynomial(node)
    return depth * (a0 + depth * (a1 / 2.0 + depth * a2 / 3.0))


def _area_polynomial(node: Node) -> tuple:
    """(a0, a1, a2) of area = a0 + a1·d + a2·d² for the 5.2 shapes (length, width, slope or height)."""
    length, width, z = node.params
    ra, rb = length / 2.0, width / 2.0
    if node.shape == "CYLINDRICAL":
        return math.pi * ra * rb, 0.0, 0.0
    if node.shape == "CONICAL":  # elliptic base, side slope z (run over rise)
        return math.pi * ra * rb, 2.0 * math.pi * rb * z, math.pi * rb / ra * z * z
    if node.shape == "PARABOLOID":  # top semi-axes at height z
        return 0.0, math.pi * ra * rb / z, 0.0
    if node.shape == "PYRAMIDAL":  # rectangular base, side slope z
        return length * width, 2.0 * (length + width) * z, 4.0 * z * z
    raise ValueError(f"unknown storage shape {node.shape}")


def _curve_points(node: Node, curves: dict) -> Optional[list]:
    entry = curves.get(node.curve or "")
    if not entry or not entry[1]:
        return None
    return sorted(entry[1])


def _table_area(pts: list, d: float) -> float:
    x1, a1 = pts[0]
    if d <= x1:
        return a1 * d / x1 if x1 > 0 else a1
    slope = 0.0
    for x2, a2 in pts[1:]:
        if x2 > x1:
            slope = (a2 - a1) / (x2 - x1)
        if d <= x2:
            return a1 + slope * (d - x1)
        x1, a1 = x2, a2
    return a1 + max(slope, 0.0) * (d - x1)


def _table_volume(pts: list, d: float) -> float:
    x1, a1 = pts[0]
    if d <= x1:
        return 0.0 if x1 < 1e-6 else a1 / x1 * d * d / 2.0
    v, slope = (a1 / 2.0 * x1 if x1 > 1e-6 else 0.0), None
    for x2, a2 in pts[1:]:
        if x2 >= d:
            a = a1 + (a2 - a1) * (d - x1) / (x2 - x1) if x2 > x1 else a2
            return v + (a1 + a) / 2.0 * (d - x1)
        if x2 > x1:
            slope = (a2 - a1) / (x2 - x1)
        v += (a1 + a2) / 2.0 * (x2 - x1)
        x1, a1 = x2, a2
    if slope is None:  # a single point: constant area beyond it
        return v + a1 * (d - x1)
    a = a1 + slope * (d - x1)
    if a < 0.0:  # the area reaches 0 before d
        return v - a1 * a1 / slope / 2.0
    return v + (a1 + a) / 2.0 * (d - x1)
