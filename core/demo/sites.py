"""Storage facilities (调蓄设施) and their records.

Storage: the city's adjustable storage adds up to 400,000 m³ at every scale
(实现可调蓄空间40万立方米). Tanks sit under a street block near the river,
storage pipes under a street, ponds and lakes just outside the built-up area
(never on a street); lakes and ponds carry a normal and a pre-lowered water
level (预降水位), the difference times the area being the capacity.
"""
from __future__ import annotations

import math

from . import geography as G
from . import names as N
from .context import DIRECT_UNIT, FIRST_YEAR, LAST_YEAR, in_year, new_uid, plus_days
from .records import Records, work
from .roads import Streets
from .scales import TOTAL_STORAGE_M3

RAW_CAPACITY = {"tank": (8e3, 3e4), "pond": (1.5e4, 5e4), "pipe": (2e3, 8e3), "lake": (6e4, 1.2e5)}
EXTRA_TYPES = (("tank", 0.45), ("pond", 0.25), ("pipe", 0.25), ("lake", 0.05))
NAME_SUFFIX = {"tank": "调蓄池", "pond": "调蓄塘", "pipe": "调蓄管", "lake": "湖调蓄区"}


# ---------------------------------------------------------------- storage
def plan_storage(ctx) -> dict:
    """{district name: [(name, type, capacity m³)]}: the city's storage, summing to TOTAL_STORAGE_M3."""
    rng = ctx.rng("storage-plan")
    items = [(name, district, kind, 1.2e5 if kind == "lake" else rng.uniform(*RAW_CAPACITY[kind]))
             for name, district, kind in N.NAMED_STORAGE]
    stems = list(N.STORAGE_NAME_STEMS)
    rng.shuffle(stems)
    for k in range(max(0, ctx.spec.storage_facilities - len(items))):
        kind = rng.choices([t for t, _ in EXTRA_TYPES], [w for _, w in EXTRA_TYPES])[0]
        district = G.DISTRICTS[k % len(G.DISTRICTS)].name
        stem = stems[k % len(stems)] + ("" if k < len(stems) else str(k // len(stems) + 1))
        items.append((stem + NAME_SUFFIX[kind], district, kind, rng.uniform(*RAW_CAPACITY[kind])))
    total = sum(c for *_, c in items)
    caps = [round(c * TOTAL_STORAGE_M3 / total, -1) for *_, c in items]
    caps[0] += TOTAL_STORAGE_M3 - sum(caps)
    plan: dict = {d.name: [] for d in G.DISTRICTS}
    for (name, district, kind, _), cap in zip(items, caps):
        plan[district].append((name, kind, cap))
    return plan


class StoragePlacer:
    """Polygons for one district's storage facilities."""

    def __init__(self, ctx, geo: G.Geography, district: G.District, nodes: dict, streets: Streets):
        self.ctx, self.geo, self.district, self.nodes, self.streets = ctx, geo, district, nodes, streets
        self.rng = ctx.rng(district.code, "storage")
        self.taken: list = []  # (centre, radius)

    def place(self, items: list) -> list:
        rows = []
        for name, kind, cap in items:
            if kind in ("pond", "lake"):
                ring, extra = self._open_water(kind, cap)
            elif kind == "pipe":
                ring, extra = self._pipe(cap), {}
            else:
                ring, extra = self._tank(cap), {}
            rows.append({
                "uid": new_uid(self.rng), "code": self.ctx.code("storage_facility", self.district.code),
                "name": name, "district": self.district.name, "maintenance_unit": DIRECT_UNIT,
                "built_year": self.rng.randint(2012, 2023), "storage_type": kind, "capacity_m3": cap,
                "geom": ("Polygon", [[G.to_crs(p) for p in ring]]), **extra,
            })
        return rows

    def _blocks(self) -> list:
        """Street blocks (lower-left node) with all four corners in the district, nearest the river first."""
        found = [n for n in self.nodes if all(m in self.nodes for m in
                                               ((n[0] + 1, n[1]), (n[0], n[1] + 1), (n[0] + 1, n[1] + 1)))]
        return sorted(found, key=lambda n: (self.geo.river_distance(self.nodes[n]), n))

    def _free(self, c, r: float) -> bool:
        return all(math.dist(c, q) > r + rq + 20.0 for q, rq in self.taken)

    def _tank(self, cap: float) -> list:
        s = self.geo.block
        blocks = self._blocks()
        for n in blocks[:max(1, len(blocks) // 3)] + blocks:
            corners = [self.nodes[m] for m in (n, (n[0] + 1, n[1]), (n[0] + 1, n[1] + 1), (n[0], n[1] + 1))]
            c = (sum(p[0] for p in corners) / 4, sum(p[1] for p in corners) / 4)
            side = min(0.6 * s, math.sqrt(cap / self.rng.uniform(5.0, 8.0)))
            if self._free(c, side):
                self.taken.append((c, side))
                return _rectangle(c, G.U, side, side * self.rng.uniform(0.6, 1.0))
        return self._pipe(cap)

    def _pipe(self, cap: float) -> list:
        edges = sorted(self.streets.edge_road)
        a, b = edges[self.rng.randrange(len(edges))]
        p, q = self.nodes[a], self.nodes[b]
        width = self.rng.choice((2.0, 2.4, 3.0))
        length = min(0.9 * math.dist(p, q), cap / (math.pi * (width / 2) ** 2))
        c = G.lerp(p, q, 0.5)
        self.taken.append((c, length / 2))
        return _rectangle(c, G.unit(p, q), length, width)

    def _open_water(self, kind: str, cap: float):
        drop = self.rng.uniform(1.0, 2.0) if kind == "lake" else self.rng.uniform(1.5, 3.0)
        r = math.sqrt(cap / drop / math.pi)
        cx = sum(p[0] for p in self.nodes.values()) / len(self.nodes)
        cy = sum(p[1] for p in self.nodes.values()) / len(self.nodes)
        nodes = sorted(self.nodes)
        self.rng.shuffle(nodes)
        c = None
        for n in nodes[:400]:
            p = self.nodes[n]
            out = G.unit((cx, cy), p) if math.dist((cx, cy), p) > 1 else G.V
            cand = G.along(p, out, r + 0.6 * self.geo.block)
            if self.geo.river_distance(cand) > G.RIVER_HALF_WIDTH + r + 40 and not self.geo.near_creek(cand) \
                    and self._free(cand, r) and self.geo.free_of_streets(cand, r):
                c = cand
                break
        if c is None:  # nowhere open: a sunken pond in a block
            return self._tank(cap), {}
        self.taken.append((c, r))
        phase = self.rng.uniform(0, 2 * math.pi)
        ring = [(c[0] + r * (1 + 0.12 * math.sin(3 * a + phase)) * math.cos(a),
                 c[1] + r * (1 + 0.12 * math.sin(3 * a + phase)) * math.sin(a))
                for a in (2 * math.pi * k / 16 for k in range(16))]
        ring.append(ring[0])
        normal = round(self.geo.ground(c, self.district) - self.rng.uniform(0.8, 1.5), 2)
        return ring, {"normal_level_m": normal, "pre_lowering_level_m": round(normal - drop, 2)}


def _rectangle(c, d, length: float, width: float) -> list:
    n = (-d[1], d[0])
    hl, hw = length / 2, width / 2
    ring = [(c[0] + sx * hl * d[0] + sy * hw * n[0], c[1] + sx * hl * d[1] + sy * hw * n[1])
            for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    return ring + [ring[0]]


def storage_records(rng, rows: list) -> Records:
    out = Records.empty()
    for f in rows:
        for year in range(max(FIRST_YEAR, f["built_year"] + 1), LAST_YEAR + 1):
            if f["storage_type"] == "lake" or rng.random() > 0.8:
                continue
            on = in_year(rng, year, 3, 4)
            work(rng, out, f, "storage_facility", "preventive", on, plus_days(on, rng.randint(3, 15)),
                 "汛前清淤、闸泵设备检修及预降水位调度演练", rng.choice(N.CONTRACTORS), f["capacity_m3"] * rng.uniform(0.5, 1.5))
    return out
