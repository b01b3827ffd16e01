"""Minimal WKB (little-endian, 2D) encoding, decoding and bounding boxes in pure Python.

The demo generator and the store use it so that bulk writes need neither GDAL
nor QGIS; anything richer (repair, reprojection) belongs to QGIS or shapely.
"""
from __future__ import annotations

import struct
from typing import Iterable, Sequence

POINT, LINESTRING, POLYGON = 1, 2, 3
MULTIPOINT, MULTILINESTRING, MULTIPOLYGON = 4, 5, 6
TYPE_NAMES = {POINT: "Point", LINESTRING: "LineString", POLYGON: "Polygon",
              MULTIPOINT: "MultiPoint", MULTILINESTRING: "MultiLineString", MULTIPOLYGON: "MultiPolygon"}
_TYPE_CODES = {v: k for k, v in TYPE_NAMES.items()}


def _coords(coords: Sequence) -> bytes:
    flat = [c for xy in coords for c in (float(xy[0]), float(xy[1]))]
    return struct.pack("<I", len(coords)) + struct.pack(f"<{len(flat)}d", *flat)


def point_wkb(x: float, y: float) -> bytes:
    return struct.pack("<BIdd", 1, POINT, float(x), float(y))


def linestring_wkb(coords: Sequence) -> bytes:
    if len(coords) < 2:
        raise ValueError("a line needs at least two points")
    return struct.pack("<BI", 1, LINESTRING) + _coords(coords)


def polygon_wkb(rings: Sequence) -> bytes:
    out = [struct.pack("<BII", 1, POLYGON, len(rings))]
    for ring in rings:
        if len(ring) < 4 or tuple(ring[0]) != tuple(ring[-1]):
            raise ValueError("a polygon ring needs at least four points and must be closed")
        out.append(_coords(ring))
    return b"".join(out)


def to_wkb(geom) -> bytes:
    """Accept WKB bytes, an object with ``.wkb`` (shapely) or ``(type_name, coordinates)``."""
    if isinstance(geom, (bytes, bytearray, memoryview)):
        return bytes(geom)
    if hasattr(geom, "wkb"):
        return bytes(geom.wkb)
    kind, coords = geom
    if kind == "Point":
        return point_wkb(*coords)
    if kind == "LineString":
        return linestring_wkb(coords)
    if kind == "Polygon":
        return polygon_wkb(coords)
    raise ValueError(f"unsupported geometry type {kind!r}")


class _Reader:
    __slots__ = ("buf", "pos")

    def __init__(self, buf: bytes, pos: int = 0):
        self.buf, self.pos = buf, pos

    def read(self, fmt: str):
        vals = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += struct.calcsize(fmt)
        return vals


def _walk(r: _Reader, points: list) -> int:
    (order,) = r.read("B")
    e = "<" if order == 1 else ">"
    (gtype,) = r.read(e + "I")
    if gtype & 0xC0000000:  # EWKB-style Z/M flags
        base = gtype & 0xFF
        dims = 2 + bool(gtype & 0x80000000) + bool(gtype & 0x40000000)
    else:  # ISO: 1xxx Z, 2xxx M, 3xxx ZM
        base = gtype % 1000
        dims = (2, 3, 3, 4)[gtype // 1000]
    if base == POINT:
        xy = r.read(e + "d" * dims)
        if xy[0] == xy[0]:  # NaN = empty point
            points.append((xy[0], xy[1]))
    elif base == LINESTRING:
        (n,) = r.read(e + "I")
        vals = r.read(e + "d" * (n * dims))
        points.extend(zip(vals[0::dims], vals[1::dims]))
    elif base == POLYGON:
        (nr,) = r.read(e + "I")
        for _ in range(nr):
            (n,) = r.read(e + "I")
            vals = r.read(e + "d" * (n * dims))
            points.extend(zip(vals[0::dims], vals[1::dims]))
    elif base in (4, 5, 6, 7):
        (ng,) = r.read(e + "I")
        for _ in range(ng):
            _walk(r, points)
    else:
        raise ValueError(f"unsupported WKB geometry type {gtype}")
    return base


def wkb_info(wkb: bytes):
    """(type name, bbox or None) from one pass over the WKB."""
    points: list = []
    base = _walk(_Reader(wkb), points)
    if not points:
        return TYPE_NAMES.get(base, "Geometry"), None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return TYPE_NAMES.get(base, "Geometry"), (min(xs), min(ys), max(xs), max(ys))


def wkb_type(wkb: bytes) -> str:
    points: list = []
    return TYPE_NAMES.get(_walk(_Reader(wkb), points), "Geometry")


def wkb_bbox(wkb: bytes, offset: int = 0):
    """(minx, miny, maxx, maxy), or None for an empty geometry."""
    points: list = []
    _walk(_Reader(wkb, offset), points)
    if not points:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def wkb_points(wkb: bytes) -> list:
    points: list = []
    _walk(_Reader(wkb), points)
    return points


def line_length(coords: Iterable) -> float:
    total, prev = 0.0, None
    for x, y in coords:
        if prev is not None:
            total += ((x - prev[0]) ** 2 + (y - prev[1]) ** 2) ** 0.5
        prev = (x, y)
    return total


def point_line_distance(p, line) -> float:
    """Shortest distance from point ``p`` to the polyline ``line`` (a list of (x, y))."""
    px, py = p
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(line, line[1:]):
        dx, dy = x2 - x1, y2 - y1
        seg = dx * dx + dy * dy
        t = 0.0 if seg == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / seg))
        cx, cy = x1 + t * dx, y1 + t * dy
        best = min(best, ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5)
    if len(line) == 1:
        best = ((px - line[0][0]) ** 2 + (py - line[0][1]) ** 2) ** 0.5
    return best
