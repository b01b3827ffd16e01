"""Drainage networks of one district: storm and sewage pipes under every street, combined ones in the old centre.

Each system runs parallel to the street centrelines at its own offset (storm
+4 m, sewage −4 m, combined on the centreline, measured along U+V) so that the
pipes of one system along crossing streets meet in one junction manhole at
every street corner. Per system and connected group of streets:

1. Outfalls: the nodes nearest the river (storm every third one along the
   bank, combined every fourth, sewage every sixth, toward interceptors, pump
   stations and treatment works); at least one per group.
2. A cheapest-path forest from the outfalls (street length, plus 60 m for each
   metre climbed) gives every street corner one way down: the tree edges.
   Streets not in the tree still get a pipe: a branch that starts 12 m from
   the higher corner and drains into the lower one.
3. Working upstream to downstream, every run is cut into segments of 30–50 m
   with a manhole at each end; the upstream pipe length decides the diameter
   (300 … 1500 mm, never shrinking downstream), the invert falls by at least
   the minimum slope for that diameter and stays under the minimum cover, so
   every pipe flows downhill toward its outfall.
4. Where a corner's invert would lie deeper than 6 m (the way down climbs,
   e.g. round the old centre), the corner becomes a pump station: the end of
   its gravity catchment (its manhole notes say so, as they do for outfalls);
   the street on from it gets a branch pipe starting at the station.

The result is a forest: each manhole has at most one outgoing pipe and every
manhole reaches its catchment's end (an outfall or a pump station). Rain
inlets sit at the kerb beside storm and combined manholes and name the
manhole they drain into.
"""
from __future__ import annotations

import datetime as _dt
import heapq
import math
from collections import defaultdict, deque

from . import geography as G
from . import names as N
from .context import FIRST_YEAR, LAST_YEAR, day, new_uid
from .roads import Road, Streets

OFFSET_M = {"storm": 4.0, "sewage": -4.0, "combined": 0.0}
DIAMETERS = (300, 400, 500, 600, 800, 1000, 1200, 1350, 1500)
# upstream pipe length (m) from which the next diameter is laid
UPSTREAM_STEPS = {
    "storm": (250, 700, 1500, 3000, 6000, 11000, 20000, 35000),
    "combined": (200, 600, 1300, 2600, 5000, 9000, 16000, 28000),
    "sewage": (1500, 5000, 12000, 25000, 50000, 90000, 1e18, 1e18),
}
MIN_SLOPE = {300: 0.003, 400: 0.0025, 500: 0.002, 600: 0.0016, 800: 0.0012, 1000: 0.001, 1200: 0.0008,
             1350: 0.0008, 1500: 0.0007}
OUTFALL_EVERY = {"storm": 3, "combined": 4, "sewage": 6}
CLIMB_PENALTY = 60.0  # metres of detour worth one metre less climb, when choosing the way down
PUMP_DEPTH_M = 6.0  # deeper than this (roughly), gravity flow ends at a pump station
OUTFALL_NOTES = {"storm": "雨水排放口（入江）", "combined": "合流制截流井（截流入污水厂，溢流入江）",
                 "sewage": "污水干管末端（接截污干管/污水处理厂）"}
#: outfall type of each system's outfall on the bank (sewage goes to the interceptor, not the river)
OUTFALL_TYPES = {"storm": "free", "combined": "submerged"}
PUMP_NOTES = {"storm": "雨水泵站进水井", "combined": "合流泵站进水井", "sewage": "污水提升泵站进水井"}
HEAD_GAP_M = 12.0
SEGMENT_M = (30.0, 50.0)
SEGMENT_JITTER_M = 2.0  # each interior manhole moves up to this much along the run
COVER_YEAR_WEIGHTS = (0.06, 0.08, 0.1, 0.14, 0.3, 0.2, 0.12)  # new covers per year 2019..2025
WIDE_RIM = "wide_rim_anti_settlement"


def diameter(system: str, upstream_m: float) -> int:
    for d, step in zip(DIAMETERS, UPSTREAM_STEPS[system]):
        if upstream_m < step:
            return d
    return DIAMETERS[-1]


def min_cover(diameter_mm: int) -> float:
    return 1.1 + diameter_mm / 1000.0


def _material(rng, system: str, d: int, year: int) -> str:
    r = rng.random()
    if system == "combined" and year < 1990 and r < 0.4:
        return "brick"
    if d >= 800:
        return "concrete" if r < 0.9 else "grp" if r < 0.95 else "ductile_iron"
    if year >= 2005:
        return "hdpe" if r < 0.5 else "pvc" if r < 0.7 and d <= 400 else "concrete"
    return "concrete" if r < 0.8 else "pvc"


class NetworkBuilder:
    """Builds one district's drainage rows: ``manholes``, ``pipes``, ``inlets`` (lists of row dicts)."""

    def __init__(self, ctx, geo: G.Geography, district: G.District, nodes: dict, streets: Streets,
                 old_centre, old_radius: float):
        self.ctx, self.geo, self.district, self.nodes, self.streets = ctx, geo, district, nodes, streets
        self.rng = ctx.rng(district.code, "drainage")
        self.old_centre, self.old_radius = old_centre, old_radius
        self.unit = N.district_unit(district.name)
        self.z = {n: geo.ground(p, district) for n, p in nodes.items()}
        self.rdist = {n: geo.river_distance(p) for n, p in nodes.items()}
        self.chainage = {n: G.RIVER_LINE.locate(*p)[3] * 1e6 + _along_river(p) for n, p in nodes.items()}
        self.soil = {n: self._soil(n) for n in sorted(nodes)}
        self.manholes: list = []
        self.outfall_rows: list = []  # the outfall facilities on the bank
        self.rng_outfall = ctx.rng(district.code, "outfalls")
        self.pipes: list = []
        self.inlets: list = []
        self.outfalls: list = []  # (system, node)
        self.pumps: list = []  # (system, node)

    # ---- setting
    def _soil(self, n) -> str:
        r = self.rng.random()
        if self.rdist[n] < G.RIVER_HALF_WIDTH + 350.0:
            return "strong" if r < 0.2 else "medium"
        if r < 0.12:
            return "medium"  # red clay patches
        return "weak" if r < 0.16 else "ordinary"

    def _in_old_centre(self, p) -> bool:
        return self.old_centre is not None and math.dist(p, self.old_centre) <= self.old_radius

    def _area_class(self, p, road: Road, system: str) -> str:
        if system == "combined" or (self.old_centre is not None and
                                    math.dist(p, self.old_centre) <= 1.3 * self.old_radius):
            return "cbd"
        if road.klass in ("arterial", "expressway"):
            return "arterial"
        return "other" if road.klass == "lane" else "carriageway"

    # ---- systems
    def build(self) -> NetworkBuilder:
        combined, separate = [], []
        for a, b in sorted(self.streets.edge_road):
            mid = G.lerp(self.nodes[a], self.nodes[b], 0.5)
            (combined if self._in_old_centre(mid) else separate).append((a, b))
        for system, edges in (("combined", combined), ("storm", separate), ("sewage", separate)):
            if edges:
                self._system(system, edges)
        return self

    def _system(self, system: str, edges: list) -> None:
        adj = defaultdict(list)
        for a, b in edges:
            adj[a].append(b)
            adj[b].append(a)
        seen: set = set()
        for start in sorted(adj):
            if start in seen:
                continue
            comp, queue = [], deque([start])
            seen.add(start)
            while queue:
                n = queue.popleft()
                comp.append(n)
                for m in sorted(adj[n]):
                    if m not in seen:
                        seen.add(m)
                        queue.append(m)
            self._catchments(system, sorted(comp), adj)

    def _outfall_nodes(self, system: str, comp: list) -> list:
        near_bank = G.RIVER_HALF_WIDTH + G.RIVER_SETBACK + 1.5 * self.geo.block
        candidates = [n for n in comp if self.rdist[n] <= near_bank]
        if not candidates:
            lowest = min(self.rdist[n] for n in comp)
            candidates = [n for n in comp if self.rdist[n] <= lowest + 1.5 * self.geo.block]
        candidates.sort(key=lambda n: (self.chainage[n], n))
        every = OUTFALL_EVERY[system]
        roots = candidates[every // 2::every] or [min(candidates, key=lambda n: (self.rdist[n], n))]
        return roots

    def _catchments(self, system: str, comp: list, adj) -> None:
        roots = self._outfall_nodes(system, comp)
        cost, parent = self._drainage_forest(roots, adj)
        incoming = defaultdict(list)
        for n, p in parent.items():
            incoming[p].append(("tree", n))
        for a in comp:
            for b in adj[a]:
                if a < b and parent.get(a) != b and parent.get(b) != a:
                    hi, lo = (a, b) if (self.z[a], a) > (self.z[b], b) else (b, a)
                    incoming[lo].append(("stub", hi))  # a branch runs downhill
        junction = {n: new_uid(self.rng) for n in comp}
        state: dict = {}
        outfalls = set(roots)
        for n in sorted(comp, key=lambda n: (-cost[n], n)):
            self._junction(system, n, incoming, parent, adj[n], junction, state, n in outfalls)
        self.outfalls.extend((system, r) for r in roots)

    def _drainage_forest(self, roots: list, adj) -> tuple:
        """({node: cost to its outfall}, {node: downstream node}): cheapest ways down, climbs dearly paid."""
        cost: dict = {}
        parent: dict = {}
        heap = [(0.0, r, r) for r in roots]
        heapq.heapify(heap)
        while heap:
            c, n, down = heapq.heappop(heap)
            if n in cost:
                continue
            cost[n] = c
            if down != n:
                parent[n] = down
            for m in adj[n]:
                if m not in cost:  # m would drain into n
                    climb = max(0.0, self.z[n] - self.z[m])
                    step = math.dist(self.nodes[m], self.nodes[n]) + CLIMB_PENALTY * climb
                    heapq.heappush(heap, (c + step, m, n))
        return cost, parent

    # ---- rows
    def _offset(self, system: str) -> tuple:
        o = OFFSET_M[system]
        return (o * (G.U[0] + G.V[0]), o * (G.U[1] + G.V[1]))

    def _junction(self, system, n, incoming, parent, neighbours, junction, state, outfall: bool) -> None:
        """Lay the pipes into corner ``n`` and its manhole; a corner too deep for gravity becomes a pump station."""
        z = self.z[n]
        live = sorted((kind, src) for kind, src in incoming[n] if kind == "stub" or parent.get(src) == n)
        ends = [self._run(system, kind, src, n, junction, state) for kind, src in live]
        if ends:
            d_max = max(e[2] for e in ends)
            inv = min(min(e[0] for e in ends), z - min_cover(d_max))
            acc = sum(e[1] for e in ends)
        else:
            inv = z - self.rng.uniform(1.3, 2.0)
            acc = 0.0
        notes = OUTFALL_NOTES[system] if outfall else None
        down = parent.get(n)
        if down is not None and z - inv > PUMP_DEPTH_M:
            # the street on toward ``down`` keeps a pipe: a branch running downhill, into the station or on
            del parent[n]
            notes = PUMP_NOTES[system]
            self.pumps.append((system, n))
            if (self.z[down], down) > (z, n):
                e = self._run(system, "stub", down, n, junction, state)
                inv, acc = min(inv, e[0]), acc + e[1]
            else:
                incoming[down].append(("stub", n))
        state[n] = (inv, acc)
        other = parent.get(n, min(neighbours))
        road = self.streets.edge_road[(n, other) if n < other else (other, n)]
        o = self._offset(system)
        p = self.nodes[n]
        self._manhole(junction[n], G.to_crs((p[0] + o[0], p[1] + o[1])), system, z - inv, road, notes)
        if outfall and notes == OUTFALL_NOTES[system] and system in OUTFALL_TYPES:
            self._outfall(system, (p[0] + o[0], p[1] + o[1]), inv, road)

    def _run(self, system, kind, src, dst, junction, state):
        """Pipes from ``src`` (a corner, or a branch head near it) to corner ``dst``: (invert, upstream m, mm)."""
        road = self.streets.edge_road[(src, dst) if src < dst else (dst, src)]
        o = self._offset(system)
        ps, pd = self.nodes[src], self.nodes[dst]
        start, end = (ps[0] + o[0], ps[1] + o[1]), (pd[0] + o[0], pd[1] + o[1])
        z0, z1 = self.z[src], self.z[dst]
        full = math.dist(start, end)
        rng = self.rng
        if kind == "tree":
            inv, acc = state[src]
            up_uid = junction[src]
            t0 = 0.0
        else:
            t0 = HEAD_GAP_M / full
            start = G.lerp(start, end, t0)
            inv, acc = z0 + (z1 - z0) * t0 - rng.uniform(1.3, 1.9), 0.0
            up_uid = new_uid(rng)
        run = math.dist(start, end)
        lo = math.ceil(run / (SEGMENT_M[1] - 2 * SEGMENT_JITTER_M))
        m = rng.randint(lo, max(lo, math.floor(run / (SEGMENT_M[0] + 2 * SEGMENT_JITTER_M))))
        jitter = SEGMENT_JITTER_M / run
        ts = [0.0] + [k / m + rng.uniform(-jitter, jitter) for k in range(1, m)] + [1.0]
        pts = [G.to_crs(G.lerp(start, end, t)) for t in ts]
        zs = [z0 + (z1 - z0) * (t0 + (1 - t0) * t) for t in ts]
        if kind == "stub":
            self._manhole(up_uid, pts[0], system, zs[0] - inv, road)
            self._inlets(system, up_uid, pts[0], start, end, road)
        year = min(LAST_YEAR - 1, road.row["built_year"] + rng.choice((0, 0, 0, 1, 2, 6)))
        material = _material(rng, system, diameter(system, acc + run), year)
        area = self._area_class(G.lerp(start, end, 0.5), road, system)
        soil = self.soil[dst]
        d = 300
        for k in range(m):
            a, b = pts[k], pts[k + 1]
            length = math.dist(a, b)
            acc += length
            d = diameter(system, acc)
            inv_b = min(inv - MIN_SLOPE[d] * rng.uniform(1.0, 1.8) * length, zs[k + 1] - min_cover(d))
            if k == m - 1:
                down_uid = junction[dst]
            else:
                down_uid = new_uid(rng)
                self._manhole(down_uid, b, system, zs[k + 1] - inv_b, road)
                self._inlets(system, down_uid, b, start, end, road)
            self.pipes.append({
                "uid": new_uid(rng), "code": self.ctx.code("drain_pipe", self.district.code),
                "district": self.district.name, "road_class": road.klass, "maintenance_unit": self.unit,
                "built_year": year, "usage": system, "diameter_mm": d,
                "material": material if d < 800 or material in ("concrete", "grp", "ductile_iron") else "concrete",
                "length_m": round(length, 3), "up_manhole_uid": up_uid, "down_manhole_uid": down_uid,
                "up_invert_depth_m": round(zs[k] - inv, 2), "down_invert_depth_m": round(zs[k + 1] - inv_b, 2),
                "area_class": area, "soil_class": soil, "road_uid": road.uid,
                "geom": ("LineString", [a, b]),
            })
            inv, up_uid = inv_b, down_uid
        return inv, acc, d

    def _zone(self, system: str, road: Road, p) -> str:
        if self.district.code == "XT" and road.klass in ("arterial", "secondary") and \
                self.rdist_point(p) < G.RIVER_HALF_WIDTH + 800.0 and self.rng.random() < 0.5:
            return "heavy"  # the port area
        offset = abs(OFFSET_M[system])
        if offset < road.half_width - 1.0:
            return "carriageway"
        if offset < road.half_width + 0.5:
            return "kerb"
        return "green" if self.rng.random() < 0.1 else "sidewalk"

    def rdist_point(self, p) -> float:
        return G.RIVER_LINE.locate(p[0] - G.ORIGIN[0], p[1] - G.ORIGIN[1])[0]

    def _manhole(self, uid: str, point, system: str, depth: float, road: Road, notes=None) -> None:
        zone = self._zone(system, road, point)
        year = road.row["built_year"]
        row = {
            "uid": uid, "code": self.ctx.code("manhole", self.district.code), "district": self.district.name,
            "road_class": road.klass, "maintenance_unit": self.unit, "built_year": year, "usage": system,
            "depth_m": round(depth, 2), "cover_zone": zone, "road_uid": road.uid, "notes": notes,
            "geom": ("Point", point),
        }
        row.update(self._cover(zone, road, year))
        self.manholes.append(row)

    def _outfall(self, system: str, p, invert: float, road: Road) -> None:
        """The outfall on the bank in front of an outfall manhole: storm water runs into the river, a
        combined system's interceptor overflows into it (no random draw: the other rows stay as they were)."""
        d, _, (px, py), _ = G.RIVER_LINE.locate(*p)
        t = G.RIVER_HALF_WIDTH / d if d > 0 else 1.0
        bank = (px + (p[0] - px) * t, py + (p[1] - py) * t)
        self.outfall_rows.append({
            "uid": new_uid(self.rng_outfall), "code": self.ctx.code("outfall", self.district.code),
            "name": None, "district": self.district.name, "maintenance_unit": self.unit,
            "built_year": road.row["built_year"], "usage": system, "outfall_type": OUTFALL_TYPES[system],
            "receiving_water": "长江", "invert_elevation_m": round(invert - 0.3, 2),
            "flap_gate": system == "combined", "geom": ("Point", G.to_crs(bank)),
        })

    def _cover(self, zone: str, road: Road, year: int) -> dict:
        rng = self.rng
        main_road = road.klass in ("arterial", "expressway", "secondary")
        if rng.random() < (0.22 if main_road else 0.1) and zone != "heavy":
            y = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), COVER_YEAR_WEIGHTS)[0]
            replaced = day(rng, _dt.date(y, 1, 1), _dt.date(y, 12, 31))
            load = {"carriageway": "D400", "kerb": "D400", "sidewalk": "C250", "green": "B125"}[zone]
            return {"cover_type": WIDE_RIM, "load_class": load, "anti_settlement": True,
                    "cover_replaced_on": replaced.isoformat()}
        r = rng.random()
        if zone in ("sidewalk", "green"):
            kind = "composite" if r < 0.5 else "ductile_iron" if r < 0.8 else "concrete" if zone == "green" else \
                "cast_iron"
        elif year < 2000:
            kind = "cast_iron" if r < 0.5 else "ductile_iron" if r < 0.85 else "concrete"
        else:
            kind = "ductile_iron" if r < 0.75 else "composite" if r < 0.9 else "cast_iron"
        r = rng.random()
        load = {
            "carriageway": "C250" if r < 0.03 else "D400",  # a few too weak for the carriageway (GB/T 23858)
            "kerb": "C250" if r < 0.7 else "D400",
            "sidewalk": "B125" if r < 0.6 else "C250",
            "green": "A15" if r < 0.7 else "B125",
            "heavy": "E600" if r < 0.8 else "F900",
        }[zone]
        return {"cover_type": kind, "load_class": load, "anti_settlement": kind == "ductile_iron" and r < 0.15,
                "cover_replaced_on": None}

    def _inlets(self, system: str, manhole_uid: str, point, start, end, road: Road) -> None:
        """Kerb inlets beside a storm or combined manhole: one usually, a second across wide streets."""
        if system == "sewage":
            return
        rng = self.rng
        d = G.unit(start, end)
        n = (-d[1], d[0])
        o = self._offset(system)
        perp = o[0] * n[0] + o[1] * n[1]
        sides = []
        if rng.random() < 0.8:
            sides.append(1.0 if perp >= 0 else -1.0)
        if road.klass in ("arterial", "expressway", "secondary") and rng.random() < 0.5:
            sides.append(-1.0 if perp >= 0 else 1.0)
        for side in sides:
            shift = side * road.half_width - perp
            along = rng.uniform(-1.5, 1.5)
            p = (round(point[0] + n[0] * shift + d[0] * along, 3), round(point[1] + n[1] * shift + d[1] * along, 3))
            wide = road.klass in ("arterial", "expressway")
            added = rng.random() < 0.04
            self.inlets.append({
                "uid": new_uid(rng), "code": self.ctx.code("rain_inlet", self.district.code),
                "district": self.district.name, "road_class": road.klass, "maintenance_unit": self.unit,
                "built_year": rng.randint(FIRST_YEAR, LAST_YEAR) if added else road.row["built_year"],
                "notes": "增设雨水口" if added else None,
                "inlet_type": rng.choice(("grate", "grate", "kerb", "combined")),
                "grates": rng.choice((2, 3, 4)) if wide else rng.choice((1, 1, 2)),
                "load_class": "D400" if wide or rng.random() < 0.5 else "C250",
                "manhole_uid": manhole_uid, "road_uid": road.uid, "geom": ("Point", p),
            })


def _along_river(p) -> float:
    """Position along the river's nearest segment (for ordering outfalls along the bank)."""
    _, _, q, k = G.RIVER_LINE.locate(*p)
    ax, ay = G.RIVER[k]
    return math.hypot(q[0] - ax, q[1] - ay)
