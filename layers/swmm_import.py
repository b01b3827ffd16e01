"""Import an EPA SWMM 5 model (``.inp``) into the store: manholes, drain pipes, storage facilities and
outfalls.

:func:`import_swmm` reads the file (``core.swmm``), maps it onto rows (``core.swmm_rows``, see
docs/swmm.md), transforms the coordinates from ``source_crs`` to the store's CRS with GDAL/OSR, and
hands the rows to :func:`layers.importer.write_candidates`, which validates them and writes the good
ones in one transaction. Pipes reference their manholes by code (``CodeRef("manhole", name)``), so a
pipe whose manhole is refused is refused too.

A SWMM file carries no coordinate reference system ([MAP] only says feet, metres or degrees): the
import refuses to run without ``source_crs`` rather than guess one.
"""
from __future__ import annotations

import math
from pathlib import Path

from ..core import swmm as W
from ..core.geometry import linestring_wkb, point_wkb, polygon_wkb
from ..core.swmm_rows import USAGES, NodeRef, Square, model_to_rows
from ..i18n import tr, translate
from .importer import Candidate, CodeRef, ImportReport, ImportSourceError, Rejection, write_candidates


def _kind_name(section: str) -> str:
    """A counted SWMM section's objects, in the user's language."""
    names = {"PUMPS": tr("pumps"), "ORIFICES": tr("orifices"), "WEIRS": tr("weirs"), "OUTLETS": tr("outlets"),
             "SUBCATCHMENTS": tr("subcatchments")}
    return names.get(section, section.lower())


class SwmmImportError(ImportSourceError, ValueError):
    """The import cannot start: no source CRS, a file that is not a SWMM model, a bad line."""


def problem_text(p) -> str:
    """A ``core.swmm`` problem or note (a :class:`core.validation.P`) in the user's language."""
    template = getattr(p, "template", None)
    if template is None:
        return str(p)
    return translate(W.TR_CONTEXT, template).format(**p.args)


def spatial_reference(crs):
    """An ``osr.SpatialReference`` (traditional x/y = lon/lat order) from 'EPSG:n', n, WKT, PROJ text or
    an ``osr.SpatialReference``; None when ``crs`` is empty; ValueError when it is not a CRS."""
    from osgeo import osr

    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return None
    if isinstance(crs, osr.SpatialReference):
        srs = crs.Clone()
    else:
        srs = osr.SpatialReference()
        text = f"EPSG:{crs}" if isinstance(crs, int) else str(crs).strip()
        try:
            ok = srs.SetFromUserInput(text) == 0
        except RuntimeError:
            ok = False
        if not ok:
            raise SwmmImportError(tr("{crs} is not a coordinate reference system.").format(crs=text))
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def crs_name(srs) -> str:
    """'EPSG:n' when the CRS has an authority code, else its name."""
    code = srs.GetAuthorityCode(None)
    return f"{srs.GetAuthorityName(None)}:{code}" if code else (srs.GetName() or "")


class _Transformer:
    """Model coordinates -> store coordinates, and the share of points outside the store CRS's area."""

    def __init__(self, source, store_epsg: int):
        from osgeo import osr

        self.dst = spatial_reference(store_epsg)
        self.same = bool(source.IsSame(self.dst))
        self.forward = None if self.same else osr.CoordinateTransformation(source, self.dst)
        self.unit_m = self.dst.GetLinearUnits() or 1.0  # metres per store unit
        area = self.dst.GetAreaOfUse()
        self.area = None if area is None else (area.west_lon_degree, area.south_lat_degree,
                                               area.east_lon_degree, area.north_lat_degree, area.name)
        geo = osr.SpatialReference()
        geo.ImportFromEPSG(4326)
        geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.to_lonlat = osr.CoordinateTransformation(self.dst, geo)
        self.outside = 0

    def points(self, pts) -> list | None:
        """The points in store coordinates; None when one cannot be transformed."""
        pts = [(float(x), float(y)) for x, y in pts]
        if not self.same:
            try:
                pts = [tuple(p[:2]) for p in self.forward.TransformPoints(pts)]
            except RuntimeError:
                return None
        if not all(math.isfinite(c) for p in pts for c in p):
            return None
        return pts

    def check_area(self, xy) -> None:
        if self.area is None:
            return
        try:
            lon, lat = self.to_lonlat.TransformPoint(*xy)[:2]
        except RuntimeError:
            lon = lat = math.nan
        w, s, e, n, _name = self.area
        inside = (s <= lat <= n) and ((w <= lon <= e) if w <= e else (lon >= w or lon <= e))
        if not inside:
            self.outside += 1

    def geometry(self, geom) -> bytes | None:
        if isinstance(geom, Square):
            c = self.points([(geom.x, geom.y)])
            if c is None:
                return None
            (cx, cy), h = c[0], geom.side_m / self.unit_m / 2.0
            self.check_area((cx, cy))
            return polygon_wkb([[(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h),
                                 (cx - h, cy - h)]])
        kind, coords = geom
        pts = self.points([coords] if kind == "Point" else coords[0] if kind == "Polygon" else coords)
        if pts is None:
            return None
        self.check_area(pts[0])
        if kind == "Point":
            return point_wkb(*pts[0])
        if kind == "LineString":
            return linestring_wkb(pts)
        return polygon_wkb([pts])


def _map_units_warning(model: W.SwmmModel, source) -> str | None:
    units = model.map_units
    if units == "DEGREES" and not source.IsGeographic():
        return tr("The model's [MAP] units are degrees but the source CRS is not geographic: check SOURCE_CRS.")
    if units in ("FEET", "METERS") and source.IsGeographic():
        return tr("The model's [MAP] units are {units} but the source CRS is geographic: check SOURCE_CRS.").format(
            units=units.lower())
    return None


def import_swmm(store, path, source_crs, usage: str = "storm", mode: str = "append", strict: bool = False,
                feedback=None) -> ImportReport:
    """Import the SWMM model at ``path`` into ``store`` (see the module docstring and docs/swmm.md).

    ``source_crs``: the CRS of the model's coordinates ('EPSG:n', n, WKT, PROJ text or an
    ``osr.SpatialReference``); required. ``usage``: storm, sewage or combined, for pipes, manholes and
    outfalls. ``mode``/``strict``: as :func:`layers.importer.write_candidates`. Raises
    :class:`SwmmImportError` without a source CRS or for a file SWMM could not read (the message names
    the line and section); every refused object is listed in the returned report.
    """
    path = Path(path)
    source = spatial_reference(source_crs)
    if source is None:
        raise SwmmImportError(tr("{name} has no coordinate reference system; give SOURCE_CRS.").format(
            name=path.name))
    if usage not in USAGES:
        raise SwmmImportError(tr("USAGE: {value} is not one of {allowed}").format(value=usage,
                                                                                 allowed=", ".join(USAGES)))
    if not path.is_file():
        raise SwmmImportError(tr("{path} does not exist.").format(path=path))
    try:
        model = W.read_inp(path)
    except W.SwmmParseError as e:
        if e.section:
            text = tr("{name} line {line} [{section}]: {problem}")
        else:
            text = tr("{name} line {line}: {problem}")
        raise SwmmImportError(text.format(name=path.name, line=e.line, section=e.section,
                                          problem=problem_text(e.problem))) from None
    mapped = model_to_rows(model, usage=usage, text=problem_text)
    report = ImportReport(source=str(path))
    report.strict = strict
    report.read = len(model.nodes) + len(model.conduits)
    report.crs = crs_name(source)
    report.warnings.extend(mapped.warnings)
    warning = _map_units_warning(model, source)
    if warning:
        report.warnings.append(warning)
    for section, n in mapped.not_imported.items():
        report.warnings.append(tr("{n} {kind} not imported: they are no facilities of the store.").format(
            n=n, kind=_kind_name(section)))
    rejected = [Rejection(r.source, r.table, r.field, r.reason, r.value) for r in mapped.rejected]
    proj = _Transformer(source, store.epsg)
    candidates = []
    for m in mapped.rows:
        row = {k: (CodeRef(v.table, v.code) if isinstance(v, NodeRef) else v) for k, v in m.row.items()}
        wkb = proj.geometry(row["geom"])
        if wkb is None:
            rejected.append(Rejection(m.source, m.table, "geom", tr(
                "cannot be transformed to EPSG:{epsg}").format(epsg=store.epsg), row.get("code")))
            continue
        row["geom"] = wkb
        candidates.append(Candidate(m.table, m.source, row))
    if proj.outside:
        report.warnings.append(tr("{n} objects lie outside the area of use of the store's CRS EPSG:{epsg} "
                                  "({area}): is SOURCE_CRS right?").format(n=proj.outside, epsg=store.epsg,
                                                                          area=proj.area[4]))
    report.rejected.extend(rejected)  # strict: write_candidates then writes nothing, but still checks the rest
    return write_candidates(store, candidates, mode=mode, strict=strict, report=report, feedback=feedback)
