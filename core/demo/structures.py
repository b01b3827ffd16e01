"""Bridges of the demo city: creek crossings, flyovers, footbridges, the 三峡路 overpass and the Yangtze bridges.

Every bridge that carries a road names it in ``road_uid``; footbridges carry
none. The four Yangtze bridges stand where the real ones do, roughly, and
carry link roads (连接线) from the nearest street on either bank.
"""
from __future__ import annotations

import math

from . import geography as G
from . import names as N
from .context import DIRECT_UNIT, new_uid
from .roads import APPROACH_M, OVERPASS_LENGTH_M, Road, Streets, road_row

BRIDGE_CLASS = {"expressway": "II", "arterial": "III", "secondary": "IV", "branch": "V", "lane": "V"}
CREEK_WIDTH_M = {"黄柏河": 70.0, "运河": 22.0, "卷桥河": 30.0, "沙河": 35.0, "桥河": 20.0}
LINK_REACH_M = 2500.0  # a Yangtze bridge's link road reaches a street this close to its end


def bridge_row(ctx, rng, district: G.District, name: str, road_class: str, bridge_class: str,
               bridge_type: str, points, width: float, built_year: int, road_uid, spans: int) -> dict:
    geom = [G.to_crs(p) for p in points]
    return {
        "uid": new_uid(rng), "code": ctx.code("bridge", district.code), "name": name,
        "district": district.name, "road_class": road_class, "maintenance_unit": DIRECT_UNIT,
        "built_year": built_year, "bridge_class": bridge_class, "bridge_type": bridge_type,
        "span_count": spans, "length_m": round(G.length(geom), 3), "width_m": width,
        "road_uid": road_uid, "geom": ("LineString", geom),
    }


def _later(rng, year: int) -> int:
    return min(2022, year + rng.choice((0, 0, 0, 2, 5, 8, 12)))


class BridgeBuilder:
    """The bridges of one district's streets."""

    def __init__(self, ctx, geo: G.Geography, district: G.District, nodes: dict, streets: Streets):
        self.ctx, self.geo, self.district, self.nodes, self.streets = ctx, geo, district, nodes, streets
        self.rng = ctx.rng(district.code, "bridges")
        self.rows: list = []
        self._names: dict = {}

    def build(self) -> list:
        self._creek_crossings()
        self._flyovers()
        self._footbridges()
        if "三峡路" in self.streets.named:
            self._overpass(self.streets.named["三峡路"])
        return self.rows

    def _unique(self, name: str) -> str:
        """``name``, or ``…2号桥`` / ``…2号人行天桥`` when the district has one of that name already."""
        n = self._names.get(name, 0) + 1
        self._names[name] = n
        if n == 1:
            return name
        for kind in ("人行天桥", "立交桥", "桥"):
            if name.endswith(kind):
                return f"{name[:-len(kind)]}{n}号{kind}"
        return f"{name}{n}"

    def _creek_crossings(self) -> None:
        for road in self.streets.roads:
            pts = [self.nodes[n] for n in road.nodes]
            for p, q in zip(pts, pts[1:]):
                for creek, line in G.CREEK_LINES:
                    hit = line.crossing(p, q)
                    if hit is None:
                        continue
                    c, _ = hit
                    d = G.unit(p, q)
                    span = min(CREEK_WIDTH_M[creek] + self.rng.uniform(8, 30), 0.8 * math.dist(p, q))
                    ends = [G.along(c, d, -span / 2), G.along(c, d, span / 2)]
                    arch = span < 45 and self.rng.random() < 0.25
                    self.rows.append(bridge_row(
                        self.ctx, self.rng, self.district, self._unique(f"{road.base_name}{creek}桥"), road.klass,
                        BRIDGE_CLASS[road.klass], "arch" if arch else "beam", ends, road.row["width_m"],
                        _later(self.rng, road.row["built_year"]), road.uid,
                        1 if arch else max(1, round(span / 20))))

    def _flyovers(self) -> None:
        for node in sorted(self.streets.node_roads):
            roads = self.streets.node_roads[node]
            carried = [r for r in roads if r.klass in ("arterial", "expressway") and r.nodes[0][0] == r.nodes[-1][0]]
            crossed = [r for r in roads if r.klass in ("arterial", "expressway") and r.nodes[0][1] == r.nodes[-1][1]]
            if not carried or not crossed or self.rng.random() > 0.35:
                continue
            road, other = carried[0], crossed[0]
            k = road.nodes.index(node)
            if k == 0 or k == len(road.nodes) - 1:
                continue
            here = self.nodes[node]
            ends = []
            for nb in (road.nodes[k - 1], road.nodes[k + 1]):
                there = self.nodes[nb]
                ends.append(G.along(here, G.unit(here, there), min(0.9 * math.dist(here, there), 160.0)))
            self.rows.append(bridge_row(
                self.ctx, self.rng, self.district, self._unique(f"{road.base_name}{other.base_name}立交桥"),
                road.klass, BRIDGE_CLASS[road.klass], "beam", ends, road.row["width_m"] - 6.0,
                _later(self.rng, road.row["built_year"]), road.uid, max(3, round(math.dist(*ends) / 30))))

    def _footbridges(self) -> None:
        for road in self.streets.roads:
            if road.klass not in ("arterial", "expressway"):
                continue
            for a, b in zip(road.nodes, road.nodes[1:]):
                if self.rng.random() > 0.025:
                    continue
                p, q = self.nodes[a], self.nodes[b]
                d = G.unit(p, q)
                n = (-d[1], d[0])
                c = G.lerp(p, q, self.rng.uniform(0.35, 0.65))
                half = road.half_width + 6.0
                self.rows.append(bridge_row(
                    self.ctx, self.rng, self.district, self._unique(f"{road.base_name}人行天桥"), road.klass,
                    BRIDGE_CLASS[road.klass], "pedestrian", [G.along(c, n, -half), G.along(c, n, half)],
                    round(self.rng.uniform(3.5, 6.0), 1), self.rng.randint(2003, 2022), None,
                    self.rng.choice((1, 1, 2, 3))))

    def _overpass(self, road: Road) -> None:
        start, d, _ = road.extension
        ends = [G.along(start, d, APPROACH_M), G.along(start, d, APPROACH_M + OVERPASS_LENGTH_M)]
        self.rows.append(bridge_row(self.ctx, self.rng, self.district, N.OVERPASS_NAME, road.klass,
                                    BRIDGE_CLASS[road.klass], "beam", ends, road.row["width_m"], 2006, road.uid, 2))


def overpass_midpoint(road: Road) -> tuple:
    start, d, _ = road.extension
    return G.along(start, d, APPROACH_M + OVERPASS_LENGTH_M / 2)


def _nearest(nodes: dict, p, reach: float):
    best = None
    for q in nodes.values():
        d = math.dist(p, q)
        if d <= reach and (best is None or d < best[0]):
            best = (d, q)
    return best[1] if best else None


def yangtze_bridges(ctx, district_nodes: dict, used_names: set):
    """(link roads, bridge rows) of the Yangtze bridges. ``district_nodes``: district name -> {node: local point}."""
    roads, bridges = [], []
    right_bank = next(d for d in G.DISTRICTS if not d.left_bank)
    for name, btype, district_name, where, year in N.YANGTZE_BRIDGES:
        district = G.DISTRICTS_BY_NAME[district_name]
        rng = ctx.rng(district.code, "yangtze", name)
        if where == "seed":
            _, _, c, k = G.RIVER_LINE.locate(*district.seed)
        else:
            c, k = G.RIVER[where], where
        d = G.RIVER_LINE.direction(min(k, len(G.RIVER_LINE.segments) - 1))
        c = G.along(c, d, rng.uniform(-150.0, 150.0))
        n = (-d[1], d[0])  # toward the left bank
        reach = G.RIVER_HALF_WIDTH + 120.0
        east, west = G.along(c, n, reach), G.along(c, n, -reach)
        east_node = _nearest(district_nodes[district.name], east, LINK_REACH_M)
        west_node = _nearest(district_nodes[right_bank.name], west, LINK_REACH_M)
        points = [east_node or G.along(east, n, 250.0), east, west, west_node or G.along(west, n, -250.0)]
        used_names.add(f"{name}连接线")
        row, _ = road_row(ctx, rng, district, f"{name}连接线", "expressway", points, year, unit=DIRECT_UNIT)
        roads.append(row)
        spans = {"cable_stayed": 5, "suspension": 3}.get(btype, 9) + rng.randint(8, 16)
        bridges.append(bridge_row(ctx, rng, district, name, "expressway", "I", btype, [east, west],
                                  row["width_m"], year, row["uid"], spans))
    return roads, bridges
