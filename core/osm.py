"""OpenStreetMap ways to Safe Municipal facilities: tag parsing and the mapping rules (pure Python).

The reader (``layers.osm_import``) hands every way of GDAL's ``lines`` layer here as a tag dict;
:func:`classify` says which rows it becomes. docs/osm.md has the same rules as a table.

Roads (``highway=*``) get a CJJ 37 class (``road_class``):

=====================================================  ==============  ==========
OSM ``highway``                                        ``road_class``  CJJ 37
=====================================================  ==============  ==========
motorway, trunk (+ ``_link``)                          expressway      快速路
primary (+ ``_link``)                                  arterial        主干路
secondary (+ ``_link``)                                secondary       次干路
tertiary (+ ``_link``), unclassified, residential,     branch          支路
living_street
service, pedestrian                                    lane            街坊路/小巷
road (not yet classified in OSM)                       (empty)
=====================================================  ==============  ==========

``service=parking_aisle/driveway/drive-through`` (private access) and every other ``highway``
value (track, bridleway, footway, path, cycleway, steps, construction, proposed, platform,
bus_guideway, raceway, corridor, ...) make no road.

Bridges: a way with ``bridge=*`` (anything but no/false/0) on an imported road is a bridge *and*
a road segment (OSM splits the road where the bridge starts and ends; importing the segment as a
road too keeps the road network continuous). The bridge's ``road_uid`` refers to that road by
code (``road_code`` in the fields below). Footway, cycleway, path and steps bridges are
pedestrian bridges (人行天桥/人行桥) without a road. Bridges of skipped ways (track, railway,
bridleway...) are skipped. ``bridge_class`` follows CJJ 99 from the road class (II expressway,
III arterial, IV secondary, V branch and lane; I for cable-stayed and suspension bridges, which
count as special structures); ``bridge_type`` comes from ``bridge:structure``.

Tunnels: ``tunnel=*`` (anything but no/false/0/culvert; yes, building_passage,
avalanche_protector...) on an imported road is a tunnel and a road segment, as for bridges.
Foot and cycle underpasses are skipped (the tunnel table is for road tunnels).

Drainage: ``tunnel=culvert`` (on a waterway), ``waterway=drain/ditch/culvert`` and
``man_made=pipeline`` carrying sewage or rainwater become ``drain_pipe`` rows (usage storm,
sewage for sewage pipelines). Streams, rivers and canals in a ``tunnel=yes`` are watercourses and
are skipped. The size comes from ``diameter`` (a bare number of 50 or more is millimetres, below
50 metres; ``mm``/``cm``/``m`` honoured) or else ``width`` (metres unless a unit is given); when
neither is tagged :data:`DEFAULT_DIAMETER_MM` is used and the importer warns.

Values that cannot be read (``lanes=2;3``, ``width=wide``) or ``lanes`` outside the schema's
1-16 are left empty rather than refusing the row.

Codes are ``OSM-W<way id>`` (the same in every table a way lands in), so that importing the same
area again in update mode updates the rows instead of adding copies.
"""
from __future__ import annotations

import math
import re
from typing import Optional

from .schema import QT_TRANSLATE_NOOP
from .validation import P

KINDS = ("road", "bridge", "tunnel", "drain_pipe")
CODE_PREFIX = "OSM-W"
DEFAULT_DIAMETER_MM = 1000
ATTRIBUTION = "© OpenStreetMap contributors, ODbL"

ROAD_CLASSES = {
    "motorway": "expressway", "motorway_link": "expressway", "trunk": "expressway", "trunk_link": "expressway",
    "primary": "arterial", "primary_link": "arterial",
    "secondary": "secondary", "secondary_link": "secondary",
    "tertiary": "branch", "tertiary_link": "branch", "unclassified": "branch", "residential": "branch",
    "living_street": "branch",
    "service": "lane", "pedestrian": "lane",
    "road": None,
}
SERVICE_SKIPPED = frozenset({"parking_aisle", "driveway", "drive-through"})
PEDESTRIAN_WAYS = frozenset({"footway", "cycleway", "path", "steps"})
BRIDGE_CLASSES = {"expressway": "II", "arterial": "III", "secondary": "IV", "branch": "V", "lane": "V"}
BRIDGE_STRUCTURES = {
    "beam": "beam", "arch": "arch", "humpback": "arch", "cable-stayed": "cable_stayed",
    "suspension": "suspension", "simple-suspension": "suspension",
}
SPECIAL_STRUCTURES = frozenset({"cable_stayed", "suspension"})
DRAIN_WATERWAYS = frozenset({"drain", "ditch", "culvert"})
PIPELINE_USAGE = {"sewage": "sewage", "wastewater": "sewage", "rainwater": "storm", "stormwater": "storm"}
SURFACES = {
    "asphalt": "asphalt", "chipseal": "asphalt",
    "concrete": "concrete", "concrete:plates": "concrete", "concrete:lanes": "concrete",
    "paving_stones": "block", "sett": "block", "cobblestone": "block", "unhewn_cobblestone": "block",
    "bricks": "block",
}
_NO = frozenset({"no", "false", "0", "none"})
# Tags that stand for a Chinese name, best first (the plain name is the fallback).
NAME_KEYS = ("name:zh", "name:zh-Hans", "name:zh-CN", "name")


# --------------------------------------------------------------------------- other_tags / all_tags
def parse_hstore(text: Optional[str]) -> dict:
    """The tags of GDAL's ``other_tags``/``all_tags`` text (PostgreSQL hstore form):
    ``"k"=>"v","k2"=>"v2"``, where ``\\"`` and ``\\\\`` escape a quote and a backslash.

    Spaces around ``=>`` and ``,`` are allowed, unquoted words and a ``NULL`` value (None) too, as
    PostgreSQL writes them. ``None`` or an empty text gives ``{}``. A malformed text raises
    ValueError (a :class:`~core.validation.P`) saying where.
    """
    tags: dict = {}
    if not text:
        return tags
    n, i = len(text), 0

    def skip_space(j: int) -> int:
        while j < n and text[j].isspace():
            j += 1
        return j

    def token(j: int) -> tuple:
        """(value, quoted, next index) of the token at ``j``."""
        if j < n and text[j] == '"':
            out, j = [], j + 1
            while j < n:
                c = text[j]
                if c == "\\":
                    if j + 1 >= n:
                        break
                    out.append(text[j + 1])
                    j += 2
                elif c == '"':
                    return "".join(out), True, j + 1
                else:
                    out.append(c)
                    j += 1
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "has an unclosed quote in OSM tags at {pos}"),
                               pos=j))
        start = j
        while j < n and not text[j].isspace() and text[j] not in ',=>"':
            j += 1
        if j == start:
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "has no tag key or value in OSM tags at {pos}"),
                               pos=j))
        return text[start:j], False, j

    i = skip_space(i)
    while i < n:
        key, _quoted, i = token(i)
        i = skip_space(i)
        if not text.startswith("=>", i):
            raise ValueError(P(QT_TRANSLATE_NOOP("validation", "lacks '=>' after a tag key in OSM tags at {pos}"),
                               pos=i))
        i = skip_space(i + 2)
        value, quoted, i = token(i)
        tags[key] = None if (not quoted and value.upper() == "NULL") else value
        i = skip_space(i)
        if i < n:
            if text[i] != ",":
                raise ValueError(P(QT_TRANSLATE_NOOP("validation", "lacks ',' between OSM tags at {pos}"), pos=i))
            i = skip_space(i + 1)
    return tags


_NOT_TAGS = frozenset({"osm_id", "osm_way_id", "osm_version", "osm_timestamp", "osm_uid", "osm_user",
                       "osm_changeset", "z_order", "other_tags", "all_tags"})


def feature_tags(fields: dict) -> dict:
    """All tags of one OGR OSM feature: its tag columns (not null) plus the parsed ``other_tags``
    or ``all_tags``. Columns come from ``osmconf.ini``'s ``attributes`` (named as GDAL names
    them); ``osm_id``, ``z_order`` and the other metadata columns are not tags."""
    tags = {}
    for k, v in fields.items():
        if k not in _NOT_TAGS and v is not None and v != "":
            tags[k] = str(v)
    for k in ("all_tags", "other_tags"):
        for tk, tv in parse_hstore(fields.get(k)).items():
            if tv is not None:
                tags.setdefault(tk, tv)
    return tags


# --------------------------------------------------------------------------- values
_NUMBER = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(mm|cm|m|km|ft|')?\s*$", re.IGNORECASE)
_TO_M = {"mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0, "ft": 0.3048, "'": 0.3048}


def _number_unit(text: Optional[str]) -> Optional[tuple]:
    if text is None:
        return None
    m = _NUMBER.match(str(text))
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return (value, m.group(2).lower() if m.group(2) else None) if math.isfinite(value) else None


def parse_length_m(text: Optional[str]) -> Optional[float]:
    """A length tag (``width``, ...) in metres: ``7``, ``7.5 m``, ``7,5``, ``750 cm``, ``12 ft``.
    OSM's default unit is the metre. None when absent or not one number (``3;4``, ``wide``)."""
    nu = _number_unit(text)
    if nu is None:
        return None
    value, unit = nu
    return value * _TO_M[unit or "m"]


def parse_diameter_mm(text: Optional[str]) -> Optional[int]:
    """A ``diameter`` tag in millimetres (rounded). With a unit the unit counts; a bare number of
    50 or more is millimetres (``600``), below 50 metres (``1.2``). None when absent or unreadable."""
    nu = _number_unit(text)
    if nu is None:
        return None
    value, unit = nu
    if unit is None:
        unit = "mm" if value >= 50 else "m"
    mm = value * _TO_M[unit] * 1000.0
    return int(round(mm)) if mm > 0 else None


def parse_int(text: Optional[str]) -> Optional[int]:
    """A whole-number tag (``lanes``): None unless it is one whole number (``2``; not ``2;3``, ``1.5``)."""
    if text is None:
        return None
    t = str(text).strip()
    return int(t) if t.isdigit() else None


def is_yes(value: Optional[str]) -> bool:
    """A present tag value that does not say no (``bridge=viaduct`` is a bridge, ``bridge=no`` is not)."""
    return value is not None and value.strip().lower() not in _NO and value.strip() != ""


def way_code(way_id) -> str:
    """The code of the rows made from one OSM way: ``OSM-W<id>``."""
    return f"{CODE_PREFIX}{int(way_id)}"


def name_of(tags: dict, prefix: str = "") -> Optional[str]:
    """The best name: ``<prefix>name:zh`` ... ``<prefix>name``, then (with a prefix such as
    ``bridge:``) the way's own name."""
    keys = [prefix + k for k in NAME_KEYS] if prefix else []
    for k in keys + list(NAME_KEYS):
        v = tags.get(k)
        if v and v.strip():
            return v.strip()
    return None


def drain_size_mm(tags: dict) -> Optional[int]:
    """The drain's size from ``diameter``, else ``width``, in mm; None when neither is tagged."""
    d = parse_diameter_mm(tags.get("diameter"))
    if d is not None:
        return d
    w = parse_length_m(tags.get("width"))
    return int(round(w * 1000.0)) if w else None


# --------------------------------------------------------------------------- mapping
def road_class_of(tags: dict) -> tuple:
    """(imported, road_class) for the way's ``highway``: imported is False for a way that makes no
    road (skipped kinds, private service ways); road_class may be None (``highway=road``)."""
    hw = (tags.get("highway") or "").strip()
    if hw not in ROAD_CLASSES:
        return False, None
    if hw == "service" and (tags.get("service") or "").strip() in SERVICE_SKIPPED:
        return False, None
    return True, ROAD_CLASSES[hw]


def _notes(way_id) -> str:
    return f"OSM way {int(way_id)} ({ATTRIBUTION})"


def classify(tags: dict, way_id) -> list:
    """The rows one OSM way becomes: a list of ``(table, fields)``, empty when it is no facility.

    ``fields`` hold schema fields (code, name, road_class, ...; no geometry, length or district:
    the importer adds them after projection) and, for a bridge or tunnel on a road, the pseudo
    field ``road_code`` naming the road row (the importer turns it into ``road_uid``).
    """
    out = []
    code = way_code(way_id)
    notes = _notes(way_id)
    hw = (tags.get("highway") or "").strip()
    is_road, road_class = road_class_of(tags)
    bridge = is_yes(tags.get("bridge"))
    tunnel_value = (tags.get("tunnel") or "").strip().lower()
    tunnel = is_yes(tunnel_value) and tunnel_value != "culvert"
    width = parse_length_m(tags.get("width"))
    lanes = parse_int(tags.get("lanes"))
    if lanes is not None and not 1 <= lanes <= 16:  # the schema's range; a stray value stays empty
        lanes = None
    if is_road:
        out.append(("road", _clean({
            "code": code, "name": name_of(tags), "road_class": road_class,
            "pavement_type": SURFACES.get((tags.get("surface") or "").strip()),
            "width_m": width, "lanes": lanes, "notes": notes})))
    if bridge and (is_road or hw in PEDESTRIAN_WAYS):
        btype = BRIDGE_STRUCTURES.get((tags.get("bridge:structure") or "").strip())
        if btype is None and not is_road:
            btype = "pedestrian"
        if btype in SPECIAL_STRUCTURES:
            bclass = "I"
        else:
            bclass = BRIDGE_CLASSES.get(road_class) if is_road else None
        out.append(("bridge", _clean({
            "code": code, "name": name_of(tags, "bridge:"), "road_class": road_class if is_road else None,
            "bridge_class": bclass, "bridge_type": btype, "width_m": width,
            "road_code": code if is_road else None, "notes": notes})))
    if tunnel and is_road:
        out.append(("tunnel", _clean({
            "code": code, "name": name_of(tags, "tunnel:"), "road_class": road_class, "lanes": lanes,
            "road_code": code, "notes": notes})))
    usage = _drain_usage(tags, tunnel_value)
    if usage is not None:
        size = drain_size_mm(tags)
        pipe_notes = notes if size is not None else (
            f"{notes}; size not tagged, {DEFAULT_DIAMETER_MM} mm assumed")
        out.append(("drain_pipe", _clean({
            "code": code, "name": name_of(tags), "usage": usage,
            "diameter_mm": size if size is not None else DEFAULT_DIAMETER_MM, "notes": pipe_notes})))
    return out


def _drain_usage(tags: dict, tunnel_value: str) -> Optional[str]:
    waterway = (tags.get("waterway") or "").strip()
    if tunnel_value == "culvert" or waterway in DRAIN_WATERWAYS:
        return "storm"
    if (tags.get("man_made") or "").strip() == "pipeline":
        return PIPELINE_USAGE.get((tags.get("substance") or "").strip().lower())
    return None


def _clean(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v is not None}
