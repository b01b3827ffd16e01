"""Streets of one district: lattice runs become road facilities, with the seed's named roads.

A *line* of the lattice is all nodes with the same j (direction ``u``, along
the river) or the same i (direction ``v``, across it). A *run* is a maximal
stretch of a line inside the district. Each run becomes one road, or several
numbered sections (一段, 二段 …) when it is long. The seed document's roads
take the lines named in :data:`names.NAMED_ROADS`; those leading to a tunnel or
an overpass continue beyond the last street, toward the hills, with the
tunnel or bridge on that continuation.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from . import geography as G
from . import names as N
from .context import DIRECT_UNIT, new_uid

CLASS_ORDER = ("lane", "branch", "secondary", "arterial", "expressway")
WIDTHS = {"expressway": (26.0, 33.0), "arterial": (30.0, 40.0), "secondary": (18.0, 26.0),
          "branch": (12.0, 16.0), "lane": (7.0, 9.0)}
LANES = {"expressway": (6, 6), "arterial": (6, 8), "secondary": (4, 4), "branch": (2, 4), "lane": (1, 2)}
PAVEMENTS = {"expressway": (("asphalt", 0.95), ("concrete", 0.05)),
             "arterial": (("asphalt", 0.9), ("concrete", 0.1)),
             "secondary": (("asphalt", 0.8), ("concrete", 0.2)),
             "branch": (("asphalt", 0.6), ("concrete", 0.35), ("block", 0.05)),
             "lane": (("concrete", 0.45), ("asphalt", 0.35), ("block", 0.2))}
APPROACH_M = 150.0  # road length between the last street and a tunnel portal / overpass
OVERPASS_LENGTH_M = 45.0


@dataclass
class Road:
    """A road facility and what the rest of the generator needs to know about it."""

    row: dict
    base_name: str
    klass: str
    half_width: float
    nodes: list  # lattice nodes, in order; empty for roads off the lattice
    district: G.District
    extension: tuple | None = None  # (start, unit direction, length) of the continuation, local
    named: bool = False

    @property
    def uid(self) -> str:
        return self.row["uid"]


@dataclass
class Streets:
    """The district's roads and lookups."""

    roads: list = field(default_factory=list)
    edge_road: dict = field(default_factory=dict)  # ((i, j), (i2, j2)) -> Road
    named: dict = field(default_factory=dict)  # name -> Road
    node_roads: dict = field(default_factory=lambda: defaultdict(list))  # node -> [Road]


def line_class(direction: str, k: int) -> str:
    """A lattice line's road class: every sixth an arterial, every third a secondary arterial …"""
    k = k + (3 if direction == "v" else 0)  # offset so that u and v arterials do not all meet at one corner
    if k % 6 == 0:
        return "arterial"
    if k % 3 == 0:
        return "secondary"
    return "branch" if k % 2 == 0 else "lane"


def line_runs(nodes) -> dict:
    """{(direction, k): [run, …]}, each run the sorted list of the other index along the line."""
    lines = defaultdict(list)
    for i, j in nodes:
        lines[("u", j)].append(i)
        lines[("v", i)].append(j)
    runs: dict = {}
    for key in sorted(lines):
        ks = sorted(lines[key])
        current = [ks[0]]
        found = []
        for k in ks[1:]:
            if k == current[-1] + 1:
                current.append(k)
            else:
                found.append(current)
                current = [k]
        found.append(current)
        found = [r for r in found if len(r) >= 2]
        if found:
            runs[key] = found
    return runs


def run_nodes(key, ks) -> list:
    direction, k = key
    return [(i, k) for i in ks] if direction == "u" else [(k, j) for j in ks]


def _pick(rng, weighted) -> str:
    r = rng.random()
    for value, w in weighted:
        r -= w
        if r < 0:
            return value
    return weighted[-1][0]


def road_row(ctx, rng, district: G.District, name: str, klass: str, points, built_year: int,
             unit: str | None = None) -> tuple:
    """(row, half width) of a new road facility along local ``points``."""
    w_lo, w_hi = WIDTHS[klass]
    width = round(rng.uniform(w_lo, w_hi) * 2) / 2
    lanes = rng.randint(*LANES[klass])
    geom = [G.to_crs(p) for p in points]
    row = {
        "uid": new_uid(rng), "code": ctx.code("road", district.code), "name": name,
        "district": district.name, "road_class": klass,
        "maintenance_unit": unit or (DIRECT_UNIT if klass in ("expressway", "arterial") else
                                     N.district_unit(district.name)),
        "built_year": built_year, "pavement_type": _pick(rng, PAVEMENTS[klass]),
        "length_m": round(G.length(geom), 3), "width_m": width, "lanes": lanes,
        "geom": ("LineString", geom),
    }
    return row, width / 2


def development_year(district: G.District, p, rng) -> int:
    """When the streets around local point ``p`` were built: older near the district's seed."""
    d = math.hypot(p[0] - district.seed[0], p[1] - district.seed[1]) / 1000.0
    return int(min(2022, max(1965, district.base_year + 3.2 * d + rng.uniform(-5, 5))))


class StreetBuilder:
    """Turns a district's lattice nodes into roads (see the module docstring)."""

    def __init__(self, ctx, geo: G.Geography, district: G.District, nodes: dict, used_names: set,
                 named_specs: tuple, tunnel_lengths: dict):
        self.ctx, self.geo, self.district, self.nodes = ctx, geo, district, nodes
        self.rng = ctx.rng(district.code, "streets")
        self.used_names = used_names
        self.named_specs = named_specs  # as names.NAMED_ROADS[district], plus any extra tunnel roads
        self.tunnel_lengths = tunnel_lengths  # tunnel name -> length (m)
        self.streets = Streets()

    def build(self) -> Streets:
        runs = line_runs(self.nodes)
        taken = set()
        for spec in self.named_specs:
            key = self._named_line(runs, spec, taken)
            taken.add(key)
            ks = max(runs[key], key=len)
            self._add_named(spec, run_nodes(key, ks))
        for key in sorted(runs):
            for ks in runs[key]:
                if key in taken and ks == max(runs[key], key=len):
                    continue
                self._add_line(key, run_nodes(key, ks))
        return self.streets

    # ---- named roads
    def _named_line(self, runs: dict, spec, taken: set):
        name, direction, offset, _, _ = spec
        ci, cj = self.geo.rects[self.district.name][:2]
        target = (ci if direction == "v" else cj) + offset
        for d in (direction, "u" if direction == "v" else "v"):
            keys = sorted((k for k in runs if k[0] == d and k not in taken), key=lambda k: (abs(k[1] - target), k[1]))
            if keys:
                return keys[0]
        raise RuntimeError(f"{self.district.name}: no street left for {name}")

    def _add_named(self, spec, run: list) -> None:
        name, _, _, klass, leads_to = spec
        points = [self.nodes[n] for n in run]
        extension = None
        if leads_to is not None:
            run, points, extension = self._extend(run, points, leads_to)
        year = min(development_year(self.district, p, self.rng) for p in points[:2]) - 5
        row, hw = road_row(self.ctx, self.rng, self.district, name, klass,
                           points + ([G.along(extension[0], extension[1], extension[2])] if extension else []),
                           year, unit=DIRECT_UNIT)
        road = Road(row, name, klass, hw, run, self.district, extension, named=True)
        self.used_names.add(name)
        self._register(road)
        self.streets.named[name] = road

    def _extend(self, run: list, points: list, leads_to: str):
        """Orient the run so that its inland end comes last, and say how far the road continues."""
        inland_last = (run[-1][1] > run[0][1]) == self.district.left_bank if run[0][0] == run[-1][0] else True
        if not inland_last:
            run, points = run[::-1], points[::-1]
        if leads_to == "overpass":
            extra = APPROACH_M * 2 + OVERPASS_LENGTH_M
        else:
            extra = APPROACH_M * 2 + self.tunnel_lengths[leads_to]
        return run, points, (points[-1], G.unit(points[-2], points[-1]), extra)

    # ---- ordinary streets
    def _add_line(self, key, run: list) -> None:
        direction, k = key
        klass = line_class(direction, k)
        edges = len(run) - 1
        count = max(1, math.ceil(edges / self.ctx.spec.max_road_blocks))
        base = N.street_name(self.rng, klass, self.used_names)
        bounds = [round(edges * s / count) for s in range(count + 1)]
        for name, lo, hi in zip(N.section_names(base, count), bounds, bounds[1:]):
            part = run[lo:hi + 1]
            points = [self.nodes[n] for n in part]
            year = development_year(self.district, points[len(points) // 2], self.rng)
            row, hw = road_row(self.ctx, self.rng, self.district, name, klass, points, year)
            self._register(Road(row, base, klass, hw, part, self.district))

    def _register(self, road: Road) -> None:
        self.streets.roads.append(road)
        for a, b in zip(road.nodes, road.nodes[1:]):
            self.streets.edge_road[(a, b) if a < b else (b, a)] = road
        for n in road.nodes:
            self.streets.node_roads[n].append(road)


def tunnel_on(ctx, road: Road, name: str, length_m: float, tubes: int, lanes: int, built_year: int) -> dict:
    """The tunnel row on a road's continuation, ``APPROACH_M`` past the last street."""
    start, d, _ = road.extension
    a = G.along(start, d, APPROACH_M)
    b = G.along(start, d, APPROACH_M + length_m)
    geom = [G.to_crs(a), G.to_crs(b)]
    rng = ctx.rng(road.district.code, "tunnel", name)
    return {
        "uid": new_uid(rng), "code": ctx.code("tunnel", road.district.code), "name": name,
        "district": road.district.name, "road_class": road.klass, "maintenance_unit": DIRECT_UNIT,
        "built_year": built_year, "length_m": round(G.length(geom), 3), "tubes": tubes, "lanes": lanes,
        "road_uid": road.uid, "geom": ("LineString", geom),
    }
