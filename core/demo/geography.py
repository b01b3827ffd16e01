"""The demo city's geography: the Yangtze, its creeks, the five districts, the street lattice, the terrain.

Everything here works in *local* metres east/north of the Yichang centre
(30.70N 111.29E); :data:`ORIGIN` is that point in EPSG:4546 (CGCS2000 3-degree
Gauss-Kruger, CM 111E) and :func:`to_crs` turns a local point into store
coordinates (rounded to the millimetre, so that shared points compare equal).

The layout follows the real city in outline: the Yangtze leaves the Xiling
gorge in the north-west, passes Gezhouba and the old town, bends south-east
past Wujiagang and runs on to Xiaoting. 西陵区, 伍家岗区 and 猇亭区 sit on the
north-east (left) bank one after the other downstream, 夷陵区 upstream to the
north, 点军区 on the south-west (right) bank across from the centre.

Streets form one lattice for the whole city, turned to run along and across
the river's general course and gently warped so that roads are not ruler-straight.
A lattice node belongs to at most one district: the one on its bank whose
(rounded) rectangle holds it best; nodes in the river or its setback, or on a
creek, belong to none.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

ORIGIN = (527783.0, 3397750.0)  # 30.70N 111.29E in EPSG:4546

# Yangtze centreline, upstream to downstream (local metres).
RIVER = ((-9500, 14800), (-5000, 12500), (-2200, 10300), (-1900, 7000), (-2000, 4400), (-1400, 500),
         (-600, -2500), (1300, -5000), (4500, -7500), (8500, -11000), (11500, -15000), (14500, -19500),
         (19000, -23000))
RIVER_HALF_WIDTH = 400.0
RIVER_SETBACK = 110.0  # no street node closer than this to the bank
CREEK_CLEARANCE = 30.0

# Creeks, from their upper course down to the Yangtze.
CREEKS = (
    ("黄柏河", ((2600, 14500), (500, 11200), (-900, 8600), (-1950, 6300))),
    ("运河", ((4600, 5200), (2600, 1700), (1100, -1300), (350, -3700))),
    ("卷桥河", ((9200, -1800), (7100, -4900), (5600, -7700))),
    ("沙河", ((15800, -9800), (13600, -12400), (12500, -15400))),
    ("桥河", ((-8200, -800), (-5100, -1900), (-2000, -3000))),
)

LATTICE_ANGLE = math.radians(-55.0)
U = (math.cos(LATTICE_ANGLE), math.sin(LATTICE_ANGLE))  # along the river's general course (south-east)
V = (-U[1], U[0])  # across it (north-east, inland from the left bank)
WARP_AMPLITUDE = 40.0
WARP_WAVELENGTH = 700.0  # metres per radian


@dataclass(frozen=True)
class District:
    name: str  # one of VALUE_LISTS["district"]
    code: str  # short Latin code used in facility codes
    seed: tuple  # local centre of the district's core, near the river
    left_bank: bool
    along: float  # size weights of the district's rectangle along / across the river
    inland: float
    base_year: int  # when its street network was mostly built
    ground: float  # ground level at the bank (m above sea level)


DISTRICTS = (
    District("西陵区", "XL", (-600.0, 1000.0), True, 1.1, 0.85, 1986, 44.0),
    District("伍家岗区", "WJG", (5020.0, -6830.0), True, 1.45, 0.95, 1996, 43.0),
    District("猇亭区", "XT", (12180.0, -14490.0), True, 1.3, 0.75, 2003, 41.0),
    District("夷陵区", "YL", (-1100.0, 8580.0), True, 1.0, 1.0, 1999, 47.0),
    District("点军区", "DJ", (-1420.0, -2720.0), False, 1.25, 0.8, 2008, 44.0),
)
DISTRICTS_BY_NAME = {d.name: d for d in DISTRICTS}


def to_crs(p) -> tuple:
    """Local point -> EPSG:4546 coordinates rounded to the millimetre."""
    return (round(ORIGIN[0] + p[0], 3), round(ORIGIN[1] + p[1], 3))


class Polyline:
    """A polyline with nearest-point queries (distance, side, and the nearest point)."""

    def __init__(self, points):
        self.points = tuple((float(x), float(y)) for x, y in points)
        self.segments = []
        for (ax, ay), (bx, by) in zip(self.points, self.points[1:]):
            dx, dy = bx - ax, by - ay
            self.segments.append((ax, ay, dx, dy, dx * dx + dy * dy))
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))

    def locate(self, x: float, y: float):
        """(distance, side, nearest point, segment index): side > 0 left of the direction of travel."""
        best = None
        for k, (ax, ay, dx, dy, l2) in enumerate(self.segments):
            t = ((x - ax) * dx + (y - ay) * dy) / l2
            t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
            px, py = ax + t * dx, ay + t * dy
            d2 = (x - px) ** 2 + (y - py) ** 2
            if best is None or d2 < best[0]:
                best = (d2, k, px, py)
        d2, k, px, py = best
        ax, ay, dx, dy, _ = self.segments[k]
        side = dx * (y - ay) - dy * (x - ax)
        return math.sqrt(d2), side, (px, py), k

    def direction(self, k: int) -> tuple:
        ax, ay, dx, dy, l2 = self.segments[k]
        n = math.sqrt(l2)
        return dx / n, dy / n

    def crossing(self, p, q):
        """The first point where segment p-q crosses this polyline, or None."""
        if max(p[0], q[0]) < self.bbox[0] or min(p[0], q[0]) > self.bbox[2] or \
                max(p[1], q[1]) < self.bbox[1] or min(p[1], q[1]) > self.bbox[3]:
            return None
        rx, ry = q[0] - p[0], q[1] - p[1]
        for ax, ay, dx, dy, _ in self.segments:
            den = rx * dy - ry * dx
            if den == 0:
                continue
            t = ((ax - p[0]) * dy - (ay - p[1]) * dx) / den
            s = ((ax - p[0]) * ry - (ay - p[1]) * rx) / den
            if 0.0 <= t <= 1.0 and 0.0 <= s <= 1.0:
                return (p[0] + t * rx, p[1] + t * ry), t
        return None


RIVER_LINE = Polyline(RIVER)
CREEK_LINES = tuple((name, Polyline(pts)) for name, pts in CREEKS)


class Geography:
    """The lattice and terrain of one generated city (a scale's block size and district sizes, a seed's warp)."""

    def __init__(self, spec, rng):
        self.spec = spec
        self.block = float(spec.block_m)
        self.phases = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
        self.rects = {d.name: self._rect(d) for d in DISTRICTS}
        self._members: dict = {}

    # ---- lattice
    def _rect(self, d: District) -> tuple:
        """(ci, cj, i_lo, i_hi, j_lo, j_hi) in lattice indices; inland rows lie on the district's land side."""
        ci = round((d.seed[0] * U[0] + d.seed[1] * U[1]) / self.block)
        cj = round((d.seed[0] * V[0] + d.seed[1] * V[1]) / self.block)
        half = max(1, round(self.spec.half_along * d.along))
        inland = max(1, round(self.spec.rows_inland * d.inland))
        river = self.spec.rows_river
        if d.left_bank:
            return ci, cj, ci - half, ci + half, cj - river, cj + inland
        return ci, cj, ci - half, ci + half, cj - inland, cj + river

    def position(self, i: int, j: int) -> tuple:
        s = self.block
        x = i * s * U[0] + j * s * V[0]
        y = i * s * U[1] + j * s * V[1]
        a, w = WARP_AMPLITUDE, WARP_WAVELENGTH
        return (x + a * math.sin(y / w + self.phases[0]), y + a * math.sin(x / w + self.phases[1]))

    def _fit(self, name: str, i: int, j: int) -> float | None:
        """How far (0..1) node (i, j) sits inside the district's rounded rectangle; None if outside."""
        ci, cj, i_lo, i_hi, j_lo, j_hi = self.rects[name]
        if not (i_lo <= i <= i_hi and j_lo <= j <= j_hi):
            return None
        a = (i_hi - i_lo) / 2 + 0.5
        b = (j_hi - j_lo) / 2 + 0.5
        m = ((i - (i_lo + i_hi) / 2) / a) ** 4 + ((j - (j_lo + j_hi) / 2) / b) ** 4
        return m if m <= 1.0 else None

    def member(self, i: int, j: int) -> str | None:
        """The district a lattice node belongs to, or None."""
        key = (i, j)
        if key in self._members:
            return self._members[key]
        result = None
        fits = [(f, d) for d in DISTRICTS if (f := self._fit(d.name, i, j)) is not None]
        if fits:
            p = self.position(i, j)
            dist, side, _, _ = RIVER_LINE.locate(*p)
            if dist >= RIVER_HALF_WIDTH + RIVER_SETBACK and not self.near_creek(p):
                fits = [(f, d) for f, d in fits if d.left_bank == (side > 0)]
                if fits:
                    result = min(fits, key=lambda fd: fd[0])[1].name
        self._members[key] = result
        return result

    def nodes(self, d: District) -> dict:
        """{(i, j): local position} of the district's lattice nodes, in a fixed order."""
        _, _, i_lo, i_hi, j_lo, j_hi = self.rects[d.name]
        out = {}
        for j in range(j_lo, j_hi + 1):
            for i in range(i_lo, i_hi + 1):
                if self.member(i, j) == d.name:
                    out[(i, j)] = self.position(i, j)
        return out

    def cell_of(self, p) -> tuple:
        """The lattice indices nearest to local point p (ignoring the warp, so within a cell)."""
        s = self.block
        return round((p[0] * U[0] + p[1] * U[1]) / s), round((p[0] * V[0] + p[1] * V[1]) / s)

    def free_of_streets(self, p, radius: float) -> bool:
        """True when no street node of any district lies within ``radius`` (+ half a block) of p."""
        ci, cj = self.cell_of(p)
        reach = int(radius / self.block) + 2
        for j in range(cj - reach, cj + reach + 1):
            for i in range(ci - reach, ci + reach + 1):
                if self.member(i, j) is None:
                    continue
                q = self.position(i, j)
                if math.hypot(q[0] - p[0], q[1] - p[1]) < radius + self.block * 0.5:
                    return False
        return True

    # ---- terrain
    @staticmethod
    def river_distance(p) -> float:
        return RIVER_LINE.locate(*p)[0]

    @staticmethod
    def near_creek(p) -> bool:
        return any(line.locate(*p)[0] < CREEK_CLEARANCE for _, line in CREEK_LINES)

    def ground(self, p, district: District) -> float:
        """Ground level (m): terraces rising away from the river, with gentle hills."""
        d = max(0.0, self.river_distance(p) - RIVER_HALF_WIDTH)
        hills = 2.5 * math.sin(p[0] / 850.0 + self.phases[2]) * math.sin(p[1] / 1050.0 + self.phases[3])
        return district.ground + 22.0 * (1.0 - math.exp(-d / 1200.0)) + 0.006 * d + hills


def unit(p, q) -> tuple:
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy)
    return dx / n, dy / n


def along(p, d, t: float) -> tuple:
    return p[0] + d[0] * t, p[1] + d[1] * t


def lerp(p, q, t: float) -> tuple:
    return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t


def length(points) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:]))
