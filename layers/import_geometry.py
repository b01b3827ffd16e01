"""Geometries of a source file made fit for a store table: one type, 2D, valid, in the store's CRS.

:class:`GeometryFitter` takes the WKB of one source feature and returns the WKB to store and its
envelope, or raises :class:`GeometryProblem` with the reason for the report:

- 3D or measured → 2D (counted, a warning);
- a Multi* of one part → that part (counted); of several parts → rejected, except lines with
  ``repair`` that merge into one line (counted);
- another type (a point for a pipe, a collection) → rejected;
- invalid (GEOS: self-intersecting rings, lines of one repeated point …) → rejected with GEOS's
  reason, or with ``repair`` made valid (``MakeValid``) when the result is still one geometry of the
  table's type (counted);
- transformed to the store's CRS (``OAMS_TRADITIONAL_GIS_ORDER``: x = easting/longitude);
- outside the store CRS's area of use (widened by :data:`AREA_MARGIN_DEG`) → rejected: the wrong CRS,
  degrees in a metric file, X and Y swapped (said so when swapping them would fit).

Simple cases (a 2D little-endian point or line already in the store's CRS) are checked in pure
Python without building an OGR geometry: the fast path of large imports.
"""
from __future__ import annotations

import math
import struct
from typing import Optional

from ..i18n import tr

AREA_MARGIN_DEG = 1.0
_CODES = {"Point": 1, "LineString": 2, "Polygon": 3}
_NAMES = {0: "Geometry", 1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
          6: "MultiPolygon", 7: "GeometryCollection"}


class GeometryProblem(ValueError):
    """Why a source geometry cannot be stored (the report's reason)."""


def srs_from(value):
    """An ``osr.SpatialReference`` (traditional GIS axis order) from ``EPSG:4546``, ``4546``, WKT,
    PROJ text or an osr object; ValueError when it is not a CRS."""
    from osgeo import osr

    if isinstance(value, osr.SpatialReference):
        s = value.Clone()
    else:
        text = str(value).strip()
        if text.isdigit():
            text = "EPSG:" + text
        s = osr.SpatialReference()
        try:
            ok = s.SetFromUserInput(text) == 0
        except RuntimeError:
            ok = False
        if not ok or not text:
            raise ValueError(tr("{value} is not a coordinate reference system").format(value=value))
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def crs_label(s) -> str:
    """``EPSG:4546`` when the CRS has an EPSG code, else its name."""
    if s is None:
        return ""
    for node in (None, "PROJCS", "GEOGCS"):
        if s.GetAuthorityName(node) == "EPSG" and s.GetAuthorityCode(node):
            if node is None or (node == "PROJCS" and s.IsProjected()) or (node == "GEOGCS" and s.IsGeographic()):
                return "EPSG:" + s.GetAuthorityCode(node)
    return s.GetName() or "?"


def area_box(target) -> Optional[tuple]:
    """(minx, miny, maxx, maxy, name) of ``target``'s area of use widened by :data:`AREA_MARGIN_DEG`,
    in ``target``'s coordinates; None when the CRS has no area of use."""
    from osgeo import osr

    area = target.GetAreaOfUse()
    if area is None or area.west_lon_degree is None:
        return None
    w, s, e, n = (area.west_lon_degree - AREA_MARGIN_DEG, max(-90.0, area.south_lat_degree - AREA_MARGIN_DEG),
                  area.east_lon_degree + AREA_MARGIN_DEG, min(90.0, area.north_lat_degree + AREA_MARGIN_DEG))
    if e < w:  # crosses the antimeridian: no useful box
        return None
    geo = osr.SpatialReference()
    geo.ImportFromEPSG(4326)
    geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    try:
        ct = osr.CoordinateTransformation(geo, target)
        box = ct.TransformBounds(w, s, e, n, 21)
    except (RuntimeError, TypeError, AttributeError):
        return None
    if box is None or not all(math.isfinite(v) for v in box):
        return None
    return (*box, area.name)


class GeometryFitter:
    """Fit source geometries to a table of geometry type ``target`` (see the module docstring)."""

    def __init__(self, target: str, source_srs, store_srs, repair: bool = False):
        from osgeo import osr

        self.target, self.code, self.repair = target, _CODES[target], repair
        self.ct = None
        if source_srs is not None and store_srs is not None and not source_srs.IsSame(store_srs):
            self.ct = osr.CoordinateTransformation(source_srs, store_srs)
            if self.ct is None or not getattr(self.ct, "this", True):
                raise ValueError(tr("no transformation between the CRSs"))
        self.source_label, self.store_label = crs_label(source_srs), crs_label(store_srs)
        self.box = area_box(store_srs) if store_srs is not None else None
        self.flattened = self.single_part = self.merged = self.repaired = 0

    # ---- entry point
    def __call__(self, wkb) -> tuple:
        """(2D WKB in the store CRS, (minx, miny, maxx, maxy)); GeometryProblem with the reason."""
        if wkb is None:
            raise GeometryProblem(tr("has no geometry"))
        fast = self._fast(wkb) if self.ct is None else None
        if fast is None:
            fast = self._slow(bytes(wkb))
        self._check_area(fast[1])
        return fast

    def fit_batch(self, geoms: list) -> tuple:
        """As calling the fitter on each geometry: (WKB list, envelope list, {index: problem}) with
        None for the rows that have a problem. 2D little-endian points and lines are checked (and
        transformed: one ``TransformPoints`` call) with numpy in one go; the others one by one."""
        n = len(geoms)
        wkbs, envs, problems = [None] * n, [None] * n, {}
        rest = range(n)
        if self.code in (1, 2) and n:
            done = self._fast_batch(geoms, wkbs, envs)
            rest = [i for i in range(n) if not done[i]]
        for i in rest:
            try:
                wkbs[i], envs[i] = self(geoms[i])
            except GeometryProblem as e:
                problems[i] = str(e)
        return wkbs, envs, problems

    def _fast_batch(self, geoms: list, wkbs: list, envs: list) -> list:
        """Fill ``wkbs``/``envs`` for the simple geometries; return the done flags."""
        import numpy as np

        head = struct.pack("<BI", 1, self.code)
        idx = [i for i, g in enumerate(geoms) if g is not None and g.startswith(head)]
        done = [False] * len(geoms)
        if not idx:
            return done
        if self.code == 1:
            idx = [i for i in idx if len(geoms[i]) == 21]
            xy = self._transform(np.frombuffer(b"".join([geoms[i][5:] for i in idx]), "<f8").reshape(-1, 2))
            starts = np.arange(len(idx))
            minx = maxx = xy[:, 0]
            miny = maxy = xy[:, 1]
            ok = np.isfinite(xy).all(axis=1)
        else:
            sel = [i for i in idx if len(geoms[i]) >= 41 and (len(geoms[i]) - 9) % 16 == 0]
            declared = np.frombuffer(b"".join([geoms[i][5:9] for i in sel]), "<u4")
            sizes = (np.fromiter(map(len, [geoms[i] for i in sel]), np.int64, len(sel)) - 9) // 16
            same = declared == sizes
            idx = [i for i, keep in zip(sel, same.tolist()) if keep]
            sizes = sizes[same]
            xy = self._transform(np.frombuffer(b"".join([geoms[i][9:] for i in idx]), "<f8").reshape(-1, 2))
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(idx) else np.zeros(0, np.int64)
            if len(idx):
                minx, maxx = np.minimum.reduceat(xy[:, 0], starts), np.maximum.reduceat(xy[:, 0], starts)
                miny, maxy = np.minimum.reduceat(xy[:, 1], starts), np.maximum.reduceat(xy[:, 1], starts)
            else:
                minx = maxx = miny = maxy = np.zeros(0)
            ok = np.isfinite(minx) & np.isfinite(maxx) & np.isfinite(miny) & np.isfinite(maxy) & \
                ~((minx == maxx) & (miny == maxy))  # one repeated point: GEOS says why (slow path)
        if self.box is not None:
            bx0, by0, bx1, by1, _name = self.box
            ok &= (minx >= bx0) & (maxx <= bx1) & (miny >= by0) & (maxy <= by1)  # outside: slow path names it
        header = 5 if self.code == 1 else 9
        bounds = (starts.tolist(), (starts + (1 if self.code == 1 else sizes)).tolist())
        for i, x0, y0, x1, y1, good, a, b in zip(idx, minx.tolist(), miny.tolist(), maxx.tolist(), maxy.tolist(),
                                                ok.tolist(), *bounds):
            if good:
                wkbs[i] = geoms[i] if self.ct is None else geoms[i][:header] + xy[a:b].tobytes()
                envs[i], done[i] = (x0, y0, x1, y1), True
        return done

    def _transform(self, xy):
        """``xy`` (n × 2) in the store's CRS: one call to PROJ for the whole batch (a point it cannot
        transform comes back infinite and goes the slow way, which names it)."""
        import numpy as np

        if self.ct is None or not len(xy):
            return xy
        out = np.asarray(self.ct.TransformPoints(np.ascontiguousarray(xy)), dtype=float)
        return np.ascontiguousarray(out[:, :2]).astype("<f8")

    # ---- pure Python: 2D little-endian point or line in the store CRS, valid
    def _fast(self, wkb) -> Optional[tuple]:
        if len(wkb) < 21 or wkb[0] != 1:
            return None
        code = struct.unpack_from("<I", wkb, 1)[0]
        if code != self.code:
            return None
        if code == 1:
            if len(wkb) != 21:
                return None
            x, y = struct.unpack_from("<2d", wkb, 5)
            if not (math.isfinite(x) and math.isfinite(y)):
                return None
            return bytes(wkb), (x, y, x, y)
        if code == 2:
            n = struct.unpack_from("<I", wkb, 5)[0]
            if n < 2 or len(wkb) != 9 + 16 * n:
                return None
            c = struct.unpack_from(f"<{2 * n}d", wkb, 9)
            xs, ys = c[0::2], c[1::2]
            box = (min(xs), min(ys), max(xs), max(ys))
            if box[0] == box[2] and box[1] == box[3]:  # one repeated point: GEOS says why
                return None
            total = sum(c)
            if total - total != 0.0:  # an inf or NaN somewhere (min/max may step over a NaN): GEOS path
                return None
            return bytes(wkb), box
        return None

    # ---- OGR/GEOS
    def _slow(self, wkb: bytes) -> tuple:
        from osgeo import ogr

        try:
            g = ogr.CreateGeometryFromWkb(wkb)
        except RuntimeError:
            g = None
        if g is None:
            raise GeometryProblem(tr("is not a readable geometry"))
        if g.IsEmpty():
            raise GeometryProblem(tr("is empty"))
        if g.Is3D() or g.IsMeasured():
            g.FlattenTo2D()
            if g.IsMeasured():
                g.SetMeasured(False)
            self.flattened += 1
        g = self._one_part(g)
        if self.ct is not None:
            try:
                err = g.Transform(self.ct)
            except RuntimeError:
                err = 1
            if err != 0:
                raise GeometryProblem(tr("cannot be transformed from {src} to {dst}").format(
                    src=self.source_label, dst=self.store_label))
        minx, maxx, miny, maxy = g.GetEnvelope()
        if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
            raise GeometryProblem(tr("has coordinates that are not finite numbers"))
        if not g.IsValid():
            reason = explain(g)
            if not self.repair:
                raise GeometryProblem(tr("is invalid: {reason} (REPAIR would try to repair it)").format(
                    reason=reason))
            fixed = g.MakeValid()
            kind = _NAMES.get(ogr.GT_Flatten(fixed.GetGeometryType()), "?") if fixed is not None else "?"
            try:
                if fixed is None or fixed.IsEmpty():
                    raise GeometryProblem(kind)
                fixed = self._one_part(fixed, repaired=True)
                if not fixed.IsValid():
                    raise GeometryProblem(kind)
            except GeometryProblem:
                raise GeometryProblem(tr("is invalid: {reason}; repairing it gives a {kind}, not one {target}").format(
                    reason=reason, kind=kind, target=self.target)) from None
            g = fixed
            self.repaired += 1
            minx, maxx, miny, maxy = g.GetEnvelope()
        return bytes(g.ExportToWkb(ogr.wkbNDR)), (minx, miny, maxx, maxy)

    def _one_part(self, g, repaired: bool = False):
        """``g`` as one geometry of the target type (Multi* of one part unwrapped, lines merged with
        repair) or GeometryProblem."""
        from osgeo import ogr

        code = ogr.GT_Flatten(g.GetGeometryType())
        if code == self.code:
            return g
        name = _NAMES.get(code, ogr.GeometryTypeToName(code))
        if code == self.code + 3 or (code == 7 and repaired):
            parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
            parts = [p for p in parts if p is not None and not p.IsEmpty()]
            if repaired:  # MakeValid may add lower-dimension debris (the line of a spike): dropped
                same = [p for p in parts if ogr.GT_Flatten(p.GetGeometryType()) == self.code]
                if len(same) == 1:
                    parts = same
            if len(parts) == 1 and ogr.GT_Flatten(parts[0].GetGeometryType()) == self.code:
                if not repaired:
                    self.single_part += 1
                return parts[0].Clone()
            if not parts:
                raise GeometryProblem(tr("is empty"))
            if self.code == 2 and self.repair and code == 5:
                merged = _merge_lines(g)
                if merged is not None:
                    self.merged += 1
                    return merged
                raise GeometryProblem(tr("is a {kind} of {n} parts that do not join into one line").format(
                    kind=name, n=len(parts)))
            raise GeometryProblem(tr("is a {kind} of {n} parts; the table holds single {target}s{hint}").format(
                kind=name, n=len(parts), target=self.target,
                hint=tr(" (REPAIR merges lines that join end to end)") if self.code == 2 and code == 5 else ""))
        raise GeometryProblem(tr("is a {kind}, the table holds {target}").format(kind=name, target=self.target))

    def _check_area(self, box) -> None:
        if self.box is None:
            return
        bx0, by0, bx1, by1, name = self.box
        minx, miny, maxx, maxy = box
        if bx0 <= minx and maxx <= bx1 and by0 <= miny and maxy <= by1:
            return
        swapped = bx0 <= miny and maxy <= bx1 and by0 <= minx and maxx <= by1
        hint = tr("; with X and Y swapped it would fit (in Chinese survey tables X is the northing)") if swapped \
            else tr("; wrong CRS or SOURCE_CRS?")
        where = tr("near ({x:.8g}, {y:.8g})").format(x=minx, y=miny)
        if self.ct is not None:
            where += " " + tr("after transformation from {src}").format(src=self.source_label)
        raise GeometryProblem(tr("lies outside the area of use of the store's CRS {crs} ({area}): {where}"
                                 "{hint}").format(crs=self.store_label, area=name, where=where, hint=hint))

    def warnings(self) -> list:
        out = []
        if self.flattened:
            out.append(tr("{n} geometries had Z or M values: stored in 2D.").format(n=self.flattened))
        if self.single_part:
            out.append(tr("{n} multi-part geometries of one part were stored as single geometries.").format(
                n=self.single_part))
        if self.merged:
            out.append(tr("{n} multi-part lines were merged into one line (REPAIR).").format(n=self.merged))
        if self.repaired:
            out.append(tr("{n} invalid geometries were repaired (REPAIR).").format(n=self.repaired))
        return out


def explain(g) -> str:
    """GEOS's reason why ``g`` is invalid (shapely's ``explain_validity``)."""
    try:
        from shapely import wkb as swkb
        from shapely.validation import explain_validity

        return explain_validity(swkb.loads(bytes(g.ExportToWkb())))
    except Exception:  # noqa: BLE001 - shapely missing or failing: a generic reason
        return tr("not a valid geometry")


def _merge_lines(g):
    """The lines of a MultiLineString merged into one LineString, or None when they do not join."""
    from osgeo import ogr

    try:
        from shapely import wkb as swkb
        from shapely.ops import linemerge
    except ImportError:
        return None
    merged = linemerge(swkb.loads(bytes(g.ExportToWkb())))
    if merged.geom_type != "LineString":
        return None
    return ogr.CreateGeometryFromWkb(bytes(merged.wkb))
