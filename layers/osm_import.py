"""Import OpenStreetMap roads, bridges, tunnels and drains (``.osm`` / ``.osm.pbf``) into a store.

GDAL's OSM driver reads the file's ``lines`` layer (ways that are no areas) with the plugin's own
``resources/osm/osmconf.ini`` (every tag in ``all_tags``), ``core.osm`` turns each way into rows
(the mapping rules live there and in docs/osm.md), the coordinates go from EPSG:4326 to the
store's CRS and :func:`layers.importer.write_candidates` validates and writes everything in one
transaction. Relations (route and multipolygon) and area ways are not read.

Codes are ``OSM-W<way id>``: import the same area again with ``mode="update"`` to refresh the
rows. The imported data stays under the ODbL (© OpenStreetMap contributors); every row's notes
say so.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

from ..core import osm as O
from ..core.geometry import line_length, linestring_wkb
from ..i18n import tr
from .importer import (
    Candidate,
    CodeRef,
    ImportCancelled,
    ImportReport,
    ImportSourceError,
    Rejection,
    write_candidates,
)

OSMCONF = Path(__file__).resolve().parent.parent / "resources" / "osm" / "osmconf.ini"
SUFFIXES = (".osm", ".pbf")


@dataclass
class OsmWay:
    way_id: int
    tags: Optional[dict]  # None when the tag text could not be read (``error`` says why)
    lonlat: list  # [(lon, lat), ...]
    error: object = None


def is_osm_file(path) -> bool:
    """Whether GDAL's OSM driver takes the file by its name (``.osm`` or ``.pbf``)."""
    return str(path).lower().endswith(SUFFIXES)


def read_ways(path, bbox_lonlat: Optional[Sequence[float]] = None, feedback=None) -> Iterator[OsmWay]:
    """Every way of the file's ``lines`` layer, with its tags and lon/lat points.

    ``bbox_lonlat`` (west, south, east, north) keeps the ways whose bounding box meets it.
    Raises :class:`ImportSourceError` when GDAL cannot open the file as OSM data and
    :class:`ImportCancelled` when ``feedback`` is cancelled.
    """
    from osgeo import gdal

    gdal.ErrorReset()
    try:  # returns None, or raises when someone turned GDAL exceptions on (gdal.UseExceptions)
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["OSM"],
                         open_options=[f"CONFIG_FILE={OSMCONF}"])
        error = gdal.GetLastErrorMsg()
    except RuntimeError as e:
        ds, error = None, str(e)
    if ds is None:
        raise ImportSourceError(tr("{path}: GDAL cannot read it as OpenStreetMap data ({error}).").format(
            path=path, error=error or "?"))
    # Only the lines layer is wanted: the driver then skips buffering the other layers' features.
    ds.ExecuteSQL("SET interest_layers = lines")
    layer = ds.GetLayerByName("lines")
    if bbox_lonlat is not None:
        layer.SetSpatialFilterRect(*bbox_lonlat)
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    n = 0
    for feature in layer:
        n += 1
        if feedback is not None and n % 500 == 1 and feedback.isCanceled():
            raise ImportCancelled(tr("Import cancelled: nothing was written."))
        geom = feature.GetGeometryRef()
        if geom is None or geom.GetPointCount() < 2:
            continue
        fields = {name: feature.GetField(i) for i, name in enumerate(names)}
        way_id = int(fields.get("osm_id") or feature.GetFID())
        lonlat = [(geom.GetX(i), geom.GetY(i)) for i in range(geom.GetPointCount())]
        try:
            way = OsmWay(way_id, O.feature_tags(fields), lonlat)
        except ValueError as e:  # tag text GDAL did not write as hstore
            way = OsmWay(way_id, None, lonlat, e.args[0])
        yield way
    ds = None


class _Projector:
    """EPSG:4326 (lon, lat) to the store's CRS, plus the CRS's area of use."""

    def __init__(self, epsg: int):
        from osgeo import osr

        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromEPSG(4326)
        dst.ImportFromEPSG(int(epsg))
        for s in (src, dst):
            s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.forward = osr.CoordinateTransformation(src, dst)
        self.inverse = osr.CoordinateTransformation(dst, src)
        area = dst.GetAreaOfUse()
        self.area = None if area is None else (area.west_lon_degree, area.south_lat_degree,
                                               area.east_lon_degree, area.north_lat_degree)
        self.area_name = None if area is None else area.name

    def project(self, lonlat: list) -> Optional[list]:
        try:
            pts = self.forward.TransformPoints(lonlat)
        except RuntimeError:
            return None
        xy = [(p[0], p[1]) for p in pts]
        return xy if all(math.isfinite(v) for p in xy for v in p) else None

    def within_area(self, lonlat: list) -> bool:
        """Whether the way's bounding box meets the CRS's area of use (True when it has none)."""
        if self.area is None:
            return True
        w, s, e, n = self.area
        xs = [p[0] for p in lonlat]
        ys = [p[1] for p in lonlat]
        if max(ys) < s or min(ys) > n:
            return False
        if w <= e:
            return not (max(xs) < w or min(xs) > e)
        return max(xs) >= w or min(xs) <= e  # the area crosses the antimeridian

    def extent_lonlat(self, extent: Sequence[float]) -> tuple:
        """A store-CRS extent as a lon/lat box (edges densified, so it holds the whole extent)."""
        xmin, ymin, xmax, ymax = extent
        w, s, e, n = self.inverse.TransformBounds(xmin, ymin, xmax, ymax, 21)
        pad = 1e-6
        return (w - pad, s - pad, e + pad, n + pad)


def _line_meets(xy: list, extent: Sequence[float]) -> bool:
    from osgeo import ogr

    xmin, ymin, xmax, ymax = extent
    xs = [p[0] for p in xy]
    ys = [p[1] for p in xy]
    if max(xs) < xmin or min(xs) > xmax or max(ys) < ymin or min(ys) > ymax:
        return False
    if all(xmin <= x <= xmax and ymin <= y <= ymax for x, y in xy):
        return True
    line = ogr.CreateGeometryFromWkb(linestring_wkb(xy))
    box = ogr.CreateGeometryFromWkt(
        f"POLYGON(({xmin} {ymin},{xmax} {ymin},{xmax} {ymax},{xmin} {ymax},{xmin} {ymin}))")
    return line.Intersects(box)


def _normal_kinds(kinds) -> tuple:
    if not kinds:
        return O.KINDS
    out = tuple(k for k in O.KINDS if k in set(kinds))
    unknown = sorted(set(kinds) - set(O.KINDS))
    if unknown:
        raise ValueError(tr("Unknown facility kinds {kinds}; OpenStreetMap imports {known}.").format(
            kinds=", ".join(unknown), known=", ".join(O.KINDS)))
    return out


def import_osm(store, path, kinds=None, extent: Optional[Sequence[float]] = None, district: Optional[str] = None,
               mode: str = "append", strict: bool = False, feedback=None) -> ImportReport:
    """Import the roads, bridges, tunnels and drains of an OpenStreetMap file into ``store``.

    ``kinds``: the tables to fill (default all of ``core.osm.KINDS``). ``extent``: (xmin, ymin,
    xmax, ymax) in the store's CRS; ways that meet it are imported whole. ``district``: written
    into every row. ``mode``/``strict``: as :func:`layers.importer.write_candidates` (``update``
    refreshes rows imported before, by their ``OSM-W<id>`` codes).

    A bridge or tunnel refers to its road (``road_uid``) when the road is imported too or already
    in the store. The report's warnings count the skipped ways, the drains whose size was assumed
    and the ways outside the store CRS's area of use (their coordinates are transformed anyway).
    """
    kinds = _normal_kinds(kinds)
    path = Path(path)
    if not is_osm_file(path):
        raise ImportSourceError(tr("{path}: an OpenStreetMap file ends with .osm or .osm.pbf.").format(path=path))
    if not path.is_file():
        raise ImportSourceError(tr("{path} does not exist.").format(path=path))
    if district is not None:
        district = str(district).strip() or None
    proj = _Projector(store.epsg)
    bbox = proj.extent_lonlat(extent) if extent is not None else None
    report = ImportReport(source=str(path))
    report.strict = strict
    candidates, rejected = [], []
    skipped = outside_area = assumed = 0
    rows_by_way = []
    for way in read_ways(path, bbox, feedback):
        if way.tags is None:
            report.read += 1
            rejected.append(Rejection(f"way/{way.way_id}", "", "other_tags", str(way.error)))
            continue
        rows = [(t, f) for t, f in O.classify(way.tags, way.way_id) if t in kinds]
        xy = proj.project(way.lonlat) if (rows or extent is not None) else None
        if extent is not None and (xy is None or not _line_meets(xy, extent)):
            continue
        report.read += 1
        if not rows:
            skipped += 1
            continue
        if not proj.within_area(way.lonlat):
            outside_area += 1
        rows_by_way.append((way, rows, xy))
    road_codes = {f["code"] for _w, rows, _xy in rows_by_way for t, f in rows if t == "road"}
    wanted = {f.get("road_code") for _w, rows, _xy in rows_by_way for t, f in rows} - road_codes - {None}
    if wanted:
        road_codes |= {r["code"] for r in store.rows("road", "code LIKE ?", (O.CODE_PREFIX + "%",),
                                                     columns=["code"]) if r["code"] in wanted}
    for way, rows, xy in rows_by_way:
        source_row = f"way/{way.way_id}"
        if xy is None:
            for table, _f in rows:
                rejected.append(Rejection(source_row, table, "geom", tr(
                    "cannot be transformed to EPSG:{epsg}").format(epsg=store.epsg)))
            continue
        wkb, length = linestring_wkb(xy), round(line_length(xy), 2)
        xs, ys = [p[0] for p in xy], [p[1] for p in xy]
        envelope = (min(xs), min(ys), max(xs), max(ys))
        for table, fields in rows:
            row = dict(fields)
            road_code = row.pop("road_code", None)
            if road_code is not None and road_code in road_codes:
                row["road_uid"] = CodeRef("road", road_code)
            if table == "drain_pipe" and O.drain_size_mm(way.tags) is None:
                assumed += 1
            row.update(geom=wkb, length_m=length)
            if district:
                row["district"] = district
            candidates.append(Candidate(table, source_row, row, envelope))
    if skipped:
        report.warnings.append(tr("{n} ways were no facility of the kinds imported (footways, tracks, railways, "
                                  "streams...) and were skipped.").format(n=skipped))
    if assumed:
        report.warnings.append(tr("{n} drains had neither a diameter nor a width tag: {mm} mm assumed.").format(
            n=assumed, mm=O.DEFAULT_DIAMETER_MM))
    if outside_area:
        report.warnings.append(tr("{n} ways lie outside the area of use of the store's CRS EPSG:{epsg} ({area}); "
                                  "their coordinates were transformed anyway and may be far off.").format(
            n=outside_area, epsg=store.epsg, area=proj.area_name))
    report.rejected.extend(rejected)  # strict: write_candidates then writes nothing
    return write_candidates(store, candidates, mode=mode, strict=strict, report=report, feedback=feedback)
